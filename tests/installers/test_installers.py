"""The installer files are well-formed (they are built elsewhere: see installers/README.md).

Cheap checks only: the PyInstaller spec compiles and names files that exist, the modules
it collects for funasr register the classes a SenseVoiceSmall config.yaml asks for, the
Linux desktop entry and AppStream file validate, the shell scripts parse, the icons have
their sizes, and the Windows and macOS scripts agree with the spec on names.
"""

from __future__ import annotations

import ast
import importlib.util
import plistlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLERS = ROOT / "installers"
RES = ROOT / "resources"
SPEC = INSTALLERS / "cutmark.spec"
DESKTOP = RES / "linux" / "io.github.cutmark.Cutmark.desktop"
METAINFO = RES / "linux" / "io.github.cutmark.Cutmark.metainfo.xml"
SCRIPTS = [
    ROOT / "scripts" / "build_linux_bundle.sh",
    ROOT / "scripts" / "smoke_bundle.sh",
    ROOT / "scripts" / "make_guide_screenshots.sh",
    INSTALLERS / "linux" / "build_deb.sh",
    INSTALLERS / "macos" / "build_dmg.sh",
]


def spec_text() -> str:
    return SPEC.read_text(encoding="utf-8")


def test_spec_compiles_as_python():
    compile(spec_text(), str(SPEC), "exec")


def test_spec_python_files_compile():
    for name in ("cutmark_launcher.py", "pyi_rth_cutmark.py"):
        ast.parse((INSTALLERS / name).read_text(encoding="utf-8"), filename=name)


def test_spec_names_files_that_exist():
    text = spec_text()
    # ROOT / "a" / "b" ... and RES / "a" / "b" path expressions in the spec
    for base, parts in re.findall(r'\b(ROOT|RES)((?:\s*/\s*"[^"]+")+)', text):
        rel = Path(*re.findall(r'"([^"]+)"', parts))
        path = (ROOT if base == "ROOT" else RES) / rel
        if rel.parts[0] in ("build", "dist"):
            continue
        assert path.exists(), f"the spec refers to {path}, which does not exist"


def _funasr_dir() -> Path:
    spec = importlib.util.find_spec("funasr")  # finds the package without importing it
    if spec is None or spec.origin is None:
        pytest.skip("funasr is not installed")
    return Path(spec.origin).parent


def test_spec_collects_the_funasr_modules_that_register_sensevoice():
    """config.yaml names registered classes; the spec must collect the modules that register them."""
    funasr = _funasr_dir()
    text = spec_text()
    collected = re.findall(r'"(funasr(?:\.\w+)+)"', text)
    files = []
    for name in collected:
        rel = Path(*name.split(".")[1:])
        f = funasr / rel.with_suffix(".py")
        pkg = funasr / rel / "__init__.py"
        if name.endswith(".whisper_lib") or name.startswith(("funasr.bin", "funasr.datasets")):
            continue  # excludes
        if not (f.is_file() or pkg.is_file()):
            if name.count(".") == 1:
                continue  # top-level excludes such as funasr.optimizers
            raise AssertionError(f"{name} named in the spec does not exist in funasr")
        files.append(f if f.is_file() else pkg)
    files += sorted((funasr / "models" / "sense_voice").glob("*.py"))  # collect_submodules(...)
    registered = set()
    for f in files:
        registered |= set(
            re.findall(r'tables\.register\(\s*"\w+",\s*"(\w+)"\s*\)', f.read_text(encoding="utf-8"))
        )
    config = (ROOT / "tests" / "assets" / "tiny_sensevoice" / "config.yaml").read_text(encoding="utf-8")
    wanted = set(re.findall(r"^(?:model|encoder|frontend|tokenizer|specaug): (\w+)", config, re.M))
    wanted |= {
        "SenseVoiceSmall",
        "SenseVoiceEncoderSmall",
        "WavFrontend",
        "SentencepiecesTokenizer",
        "SpecAugLFR",
    }
    assert wanted <= registered, f"not registered by the collected modules: {wanted - registered}"


def test_spec_keeps_funasr_sources_and_otio_adapter_data():
    text = spec_text()
    assert 'module_collection_mode={"funasr": "pyz+py"}' in text  # inspect.getsourcelines at registration
    for pkg in ("otio_fcp_adapter", "otio_fcpx_xml_adapter", "otio_cmx3600_adapter"):
        assert f'"{pkg}"' in text
    assert "include_py_files=True" in text  # OTIO loads the adapter's .py by path
    assert 'includes=["data/silero_vad.jit"]' in text


def test_spec_info_plist_is_a_valid_plist():
    """Evaluate the BUNDLE's info_plist literal and serialise it as Info.plist would be."""
    tree = ast.parse(spec_text())
    call = next(
        n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "BUNDLE"
    )
    plist_node = next(k.value for k in call.keywords if k.arg == "info_plist")
    env = {"__version__": "0.0.0", "VIDEO_TYPES": ["public.movie"]}
    info = eval(compile(ast.Expression(plist_node), "info_plist", "eval"), env)  # noqa: S307 - our own file
    data = plistlib.loads(plistlib.dumps(info))
    doc_types = data["CFBundleDocumentTypes"]
    assert any("public.movie" in d["LSItemContentTypes"] for d in doc_types)
    assert data["LSMinimumSystemVersion"]
    entitlements = plistlib.loads((RES / "macos" / "entitlements.plist").read_bytes())
    assert entitlements["com.apple.security.cs.allow-unsigned-executable-memory"] is True


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_file_validates():
    proc = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_desktop_file_fields():
    text = DESKTOP.read_text(encoding="utf-8")
    assert "\nExec=cutmark %f\n" in text and "\nIcon=cutmark\n" in text
    assert "video/mp4" in text


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_metainfo_validates():
    proc = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_shell_scripts_parse(script):
    proc = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_icons_have_every_size():
    from PIL import Image

    icons = RES / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256, 512, 1024):
        with Image.open(icons / f"cutmark-{size}.png") as im:
            assert im.size == (size, size)
    with Image.open(icons / "cutmark.ico") as ico:
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]
    with Image.open(icons / "cutmark.icns") as icns:
        assert icns.size == (1024, 1024)
    assert (icons / "cutmark.svg").read_text(encoding="utf-8").startswith("<svg")


def test_inno_setup_script_matches_the_spec():
    iss = (INSTALLERS / "windows" / "cutmark.iss").read_text(encoding="utf-8")
    for section in ("[Setup]", "[Files]", "[Icons]", "[Run]", "[Code]"):
        assert section in iss
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.M)
    assert 'Source: "{#Bundle}\\*"' in iss and '#define Bundle "..\\..\\dist\\cutmark"' in iss
    text = spec_text()
    # the executables the installer starts are the ones the spec builds on Windows
    assert '#define AppExe "Cutmark.exe"' in iss and '_exe("Cutmark", console=False)' in text
    assert '#define CliExe "cutmark-cli.exe"' in iss and '_exe("cutmark-cli", console=True)' in text
    assert 'name="cutmark"' in text  # COLLECT: dist/cutmark


def test_deb_script_installs_the_desktop_file_and_icons():
    text = (INSTALLERS / "linux" / "build_deb.sh").read_text(encoding="utf-8")
    assert DESKTOP.name in text and METAINFO.name in text
    assert "ln -s /opt/cutmark/cutmark" in text and "hicolor" in text
