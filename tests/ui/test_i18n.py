"""Every UI string has a Simplified Chinese translation, and the compiled catalogue is current."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

ROOT = Path(__file__).resolve().parents[2]


def test_every_string_is_translated():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--check"],
                          capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 0, proc.stdout


def test_chinese_catalogue_loads_and_translates(qapp):
    from desktop_app.ui import i18n

    try:
        assert i18n.install("zh_CN") == "zh_CN"
        assert i18n.t("&File") == "文件(&F)"
        assert i18n.t("Laughter") == "笑声"
        for source in ("Ready", "Analysed: {0} transcript segments, {1} sound events", "Music"):
            assert i18n.t(source) != source  # the .qm holds what the .ts says
    finally:
        assert i18n.install("en") == "en"
    assert i18n.t("&File") == "&File"
