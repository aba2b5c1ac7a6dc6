"""desktop_app.media is the only PyAV user; it pulls in neither torch nor Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_media_imports_neither_torch_nor_qt():
    code = (
        "import sys, desktop_app.media;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'torch', 'PySide6', 'PyQt5', 'PyQt6', 'funasr'});"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_only_media_imports_av():
    offenders = []
    for path in (ROOT / "desktop_app").rglob("*.py"):
        if path.is_relative_to(ROOT / "desktop_app" / "media"):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except (SyntaxError, UnicodeDecodeError):
            continue  # someone else's half-written file: not this test's business
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            if any(n == "av" or n.startswith("av.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
