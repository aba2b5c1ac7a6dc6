#!/usr/bin/env python3
"""Render the pictures in docs/images with the real window under Xvfb.

    .venv/bin/python scripts/make_screenshots.py [--out docs/images] [--only window,export,empty,text,batch]

The demo video is made from the bundled recordings, analysed with the small test model in
tests/assets (a stand-in: it says "hello" and knows applause, laughter and music), and each
picture is taken in English and Chinese, dark and light, at 1400x880 (and 1920x1080 for
the main window). Settings go to a temporary folder, so nothing of yours is used or changed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "tests" / "assets" / "tiny_sensevoice"
LANGS = ("en", "zh_CN")
# The test model only says "hello"; the edit-by-text pictures put these lines in its speech
# segments (evenly timed words), fillers included, so the document has something to edit.
SCRIPT = {
    "en": [
        "So um welcome back to the show everyone",
        "Uh today we talk about subtitles and why they matter",
        "I I think reading speed is the thing people forget",
        "Hmm let me show you what I mean",
        "That was um honestly the funniest take we had",
        "Okay uh let's move on to the next question",
    ],
    "zh": [
        "嗯 大家好 欢迎回到 我们的 节目",
        "呃 今天 我们 来聊 字幕",
        "我觉得 阅读速度 是 大家 最容易 忽略的",
        "额 我给 大家 看一个 例子",
        "这 是 我们 拍过 最好笑的 一条",
        "好 我们 进入 下一个 问题",
    ],
}
THEMES = ("dark", "light")


def shoot(
    work: Path, out: Path, *, lang: str, theme: str, size: str, video: Path | None, show: str | None
) -> None:
    args = [sys.executable, "-m", "desktop_app", "gui"]
    if video is not None:
        args += [str(video), "--model", str(MODEL), "--device", "cpu"]
    args += [
        "--screenshot",
        str(out),
        "--size",
        size,
        "--quit-after-analysis",
        "--language",
        lang,
        "--theme",
        theme,
    ]
    if show:
        args += ["--screenshot-show", show]
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(work / "config"),
        "CUTMARK_CACHE_DIR": str(work / "cache"),
        "CUTMARK_MODELS_DIR": str(work / "models"),
        "QT_LOGGING_RULES": "qt.multimedia.*=false",
    }
    w, h = (int(x) for x in size.split("x"))
    cmd = ["xvfb-run", "-a", "-s", f"-screen 0 {w + 200}x{h + 200}x24", *args]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not out.exists():
        raise SystemExit(f"screenshot failed: {out}\n{proc.stderr[-2000:]}")
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


def scripted_copy(video: Path, project_file: Path, lang: str) -> Path:
    """A copy of the demo whose project carries :data:`SCRIPT`'s lines as its transcript."""
    import dataclasses

    sys.path.insert(0, str(ROOT))
    from desktop_app.core.model import Word
    from desktop_app.project.store import load_project, save_project

    project = load_project(project_file)
    lines, segments, n = SCRIPT[lang], [], 0
    for seg in project.analysis.segments:
        if seg.kind == "speech" and seg.text:
            tokens = lines[n % len(lines)].split()
            n += 1
            step = (seg.end_ms - seg.start_ms) // len(tokens)
            words = tuple(
                Word(tok, seg.start_ms + i * step, seg.start_ms + (i + 1) * step - 60)
                for i, tok in enumerate(tokens)
            )
            joiner = "" if lang == "zh" else " "
            seg = dataclasses.replace(seg, text=joiner.join(tokens), words=words, language=lang)
        segments.append(seg)
    analysis = dataclasses.replace(project.analysis, segments=tuple(segments))
    copy = video.with_name(f"talk-{lang}.mp4")
    shutil.copy(video, copy)
    media = dataclasses.replace(analysis.media, path=str(copy))
    save_project(
        dataclasses.replace(project, analysis=dataclasses.replace(analysis, media=media)),
        copy.with_suffix(".cutmark.json"),
    )
    return copy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--only", default="window,export,empty,text,batch")
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.gettempdir()) / "cutmark-shots"  # a fixed, readable folder: the pictures show it
    shutil.rmtree(work, ignore_errors=True)
    (work / "Videos").mkdir(parents=True)
    try:
        video = work / "Videos" / "demo.mp4"  # the export dialog shows this folder
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "make_demo_video.py"), str(video)], check=True, cwd=ROOT
        )
        for lang in LANGS:
            for theme in THEMES:
                tag = f"{'zh' if lang != 'en' else 'en'}-{theme}"
                if "window" in wanted:
                    for size in ("1400x880", "1920x1080"):
                        shoot(
                            work,
                            args.out / f"window-{tag}-{size}.png",
                            lang=lang,
                            theme=theme,
                            size=size,
                            video=video,
                            show=None,
                        )
                if "export" in wanted:
                    shoot(
                        work,
                        args.out / f"export-{tag}.png",
                        lang=lang,
                        theme=theme,
                        size="1400x880",
                        video=video,
                        show="export",
                    )
                if "empty" in wanted:
                    shoot(
                        work,
                        args.out / f"empty-{tag}.png",
                        lang=lang,
                        theme=theme,
                        size="1400x880",
                        video=None,
                        show=None,
                    )
        if "text" in wanted:  # edit by text: fillers cut, words struck, a search, the Cuts lane
            shoot(work, work / "first.png", lang="en", theme="dark", size="1400x880", video=video, show=None)
            for lang in LANGS:
                short = "zh" if lang != "en" else "en"
                talk = scripted_copy(video, video.with_suffix(".cutmark.json"), short)
                for theme in THEMES:
                    out = args.out / f"text-{short}-{theme}.png"
                    shoot(work, out, lang=lang, theme=theme, size="1400x880", video=talk, show="text")
                out = args.out / f"review-{short}-dark.png"  # the review of markers and the strip
                shoot(work, out, lang=lang, theme="dark", size="1400x880", video=talk, show="review")
        if "batch" in wanted:  # File > Analyse many files, run over the Videos folder
            for lang in LANGS:
                short = "zh" if lang != "en" else "en"
                out = args.out / f"batch-{short}-dark.png"
                shoot(work, out, lang=lang, theme="dark", size="1400x880", video=video, show="batch")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
