#!/usr/bin/env python3
"""Collect every ``t("...")`` string in desktop_app/ui into the zh_CN catalogue and compile it.

    python scripts/update_translations.py          # update .ts, compile .qm
    python scripts/update_translations.py --check  # exit 1 if a string lacks a translation

The .ts file is the source of truth for translations: new strings are added as
unfinished, strings no longer used are dropped, existing translations are kept.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "desktop_app" / "ui"
TS = UI / "i18n" / "cutmark_zh_CN.ts"
QM = TS.with_suffix(".qm")
CONTEXT = "Cutmark"


def collect() -> list[str]:
    found: dict[str, None] = {}
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("t", "tr")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value)
            # the display names in ui/style.py: KindStyle(color, glyph, "Name")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "KindStyle"
                and len(node.args) == 3
                and isinstance(node.args[2], ast.Constant)
            ):
                found.setdefault(node.args[2].value)
    # names shown through lookup tables (event kinds, stages, headers) are translated too
    for table in (
        "EVENT_NAMES",
        "EMOTION_NAMES",
        "STAGE_NAMES",
        "HEADERS",
        "LANE_TITLES",
        "UNDO_NAMES",
        "FORMAT_CHOICES",
        "PRESET_NAMES",
        "CUT_NAMES",
    ):
        for path in sorted(UI.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Assign) and any(
                    getattr(t, "id", None) == table for t in node.targets
                ):
                    value = node.value
                    items = value.values if isinstance(value, ast.Dict) else getattr(value, "elts", [])
                    for item in items:
                        if isinstance(item, ast.Constant) and isinstance(item.value, str):
                            found.setdefault(item.value)
                        elif isinstance(item, ast.Tuple):  # (key, "Label", "hint"): the texts after the key
                            for part in item.elts[1:]:
                                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                                    found.setdefault(part.value)
    # the vocabulary's display names (events, emotions, silence), shown through t(kind.name)
    sys.path.insert(0, str(ROOT))
    from desktop_app.core import vocabulary

    for kind in (*vocabulary.EVENTS, *vocabulary.EMOTIONS, vocabulary.NEUTRAL, vocabulary.SILENCE_KIND):
        found.setdefault(kind.name)
    return list(found)


def read_ts() -> dict[str, str]:
    if not TS.exists():
        return {}
    out = {}
    for msg in ET.parse(TS).getroot().iter("message"):
        src = msg.findtext("source")
        tr = msg.find("translation")
        if src is not None and tr is not None and tr.get("type") != "unfinished" and tr.text:
            out[src] = tr.text
    return out


def write_ts(strings: list[str], known: dict[str, str]) -> None:
    root = ET.Element("TS", version="2.1", language="zh_CN")
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    for s in strings:
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = s
        tr = ET.SubElement(msg, "translation")
        if s in known:
            tr.text = known[s]
        else:
            tr.set("type", "unfinished")
    ET.indent(root)
    TS.parent.mkdir(parents=True, exist_ok=True)
    TS.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        + ET.tostring(root, encoding="unicode")
        + "\n",
        encoding="utf-8",
    )


def compile_qm() -> None:
    tool = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease")
    subprocess.run([tool, "-silent", str(TS), "-qm", str(QM)], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    strings = collect()
    known = read_ts()
    missing = [s for s in strings if s not in known]
    if args.check:
        for s in missing:
            print(f"untranslated: {s!r}")
        return 1 if missing else 0
    write_ts(strings, known)
    compile_qm()
    print(f"{len(strings)} strings, {len(missing)} untranslated -> {TS.relative_to(ROOT)}, {QM.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
