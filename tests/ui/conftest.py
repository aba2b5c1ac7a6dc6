"""GUI tests run headless: Qt's offscreen platform unless the caller chose one (e.g. xcb under Xvfb)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
