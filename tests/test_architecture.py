"""The layering rules, checked on the source, and the core running without Qt."""

import ast
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1] / "desktop_app"
BELOW = {
    "core": set(),
    # bundled recordings and generated sounds (numpy only): the demo and the tests use them
    "resources": {"core"},
    "media": {"core"},
    "transcribe": {"core"},
    "events": {"core", "transcribe"},
    "edit": {"core", "transcribe", "events"},
    "project": {"core", "media", "transcribe", "events", "edit"},
    # export writes projects, so it may read project's types; pipeline composes everything
    "export": {"core", "media", "transcribe", "events", "edit", "project"},
    "pipeline": {"core", "media", "transcribe", "events", "edit", "project", "export"},
    # batch runs the pipeline's stages over many files, here or on Ray
    "batch": {"core", "media", "transcribe", "events", "edit", "project", "export", "pipeline"},
    # the application without Qt: open/analyse/save/edit, used by both faces
    "session": {"core", "media", "transcribe", "events", "edit", "project", "export", "pipeline", "batch"},
    "cli": {
        "core",
        "media",
        "transcribe",
        "events",
        "edit",
        "project",
        "export",
        "pipeline",
        "batch",
        "session",
        "resources",
    },
    "ui": {"core", "media", "transcribe", "events", "edit", "project", "export", "pipeline", "session"},
}
ONLY_IN = {
    "PySide6": {"ui"},
    "av": {"media"},
    "torch": {"transcribe"},
    "funasr": {"transcribe"},
    "onnxruntime": {"transcribe"},
    "onnx": {"transcribe"},
    "silero_vad": {"transcribe"},
    "ray": {"batch"},
}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def _layer(path: Path) -> str:
    rel = path.relative_to(ROOT)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 or rel.stem == "pipeline" else "top"


def test_imports_flow_one_way_and_heavy_libraries_stay_in_their_package():
    problems = []
    for path in ROOT.rglob("*.py"):
        layer = _layer(path)
        for name in _imports(path):
            top = name.split(".")[0]
            if top in ONLY_IN and layer not in ONLY_IN[top]:
                problems.append(f"{path.relative_to(ROOT)} imports {name}")
            if name.startswith("desktop_app.") and layer in BELOW:
                target = name.split(".")[1]
                if target != layer and target in BELOW and target not in BELOW[layer]:
                    problems.append(f"{path.relative_to(ROOT)} ({layer}) imports {name}")
    assert problems == []


def test_the_session_layer_imports_no_qt():
    session = ROOT / "session"
    assert session.is_dir()
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in session.rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in ("PySide6", "shiboken6")
    ]
    assert found == []


_KIND_WORDS = {
    "laughter",
    "applause",
    "bgm",
    "cry",
    "cough",
    "sneeze",
    "breath",
    "sing",
    "happy",
    "sad",
    "angry",
}


def test_one_vocabulary_of_events_and_emotions():
    """Names, colours, glyphs and cue words of the kinds live in core/vocabulary.py only:
    no other module spells out a table keyed by three or more of the kinds."""
    tables = []
    for path in ROOT.rglob("*.py"):
        if path == ROOT / "core" / "vocabulary.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {
                    k.value.lower()
                    for k in node.keys
                    if isinstance(k, ast.Constant) and isinstance(k.value, str)
                }
                if len(keys & _KIND_WORDS) >= 3:
                    tables.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert tables == []


def test_core_runs_where_pyside6_cannot_be_imported(tmp_path):
    from tests.media.gen import make_audio_file

    wav = make_audio_file(tmp_path / "a.wav", np.zeros(16000, dtype=np.float32), 16000)
    code = (
        "import sys; sys.modules['PySide6'] = None\n"  # any 'import PySide6' now raises ImportError
        "from desktop_app.cli.main import main\n"
        f"rc = main(['process', {wav!r}, '--vad-only', '--out', {str(tmp_path / 'o')!r}, '--no-cache'])\n"
        "assert not any(m.startswith('PySide6') and sys.modules[m] is not None for m in sys.modules)\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o" / "a.cutmark.json").is_file()


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys\nfrom desktop_app.cli.main import build_parser\nbuild_parser().format_help()\n"
        "heavy = [m for m in ('torch', 'funasr', 'av', 'PySide6', 'numpy') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
