"""The frozen program's entry script (PyInstaller runs this file; it is not part of the package).

It only calls :func:`desktop_app.entry.main`, the same function as the ``cutmark``
console script, so the bundle behaves exactly like ``pip install cutmark``.
"""

import multiprocessing
import os
import sys

if __name__ == "__main__":
    # Windows and macOS start helper processes by re-running this executable.
    multiprocessing.freeze_support()
    # Qt's multimedia backend logs every codec probe; the desktop app does the same in app.py.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    from desktop_app.entry import main

    sys.exit(main())
