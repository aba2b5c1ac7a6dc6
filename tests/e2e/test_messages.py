"""What the command line says when a newcomer gets something wrong (issue #12, item 14):
whole sentences, the right next step for the mistake made, the command's own usage, help
for every option, and ``gui --help`` without Qt's noise."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from desktop_app.cli.main import build_parser, main
from desktop_app.transcribe import models
from tests.media.gen import make_video


@pytest.fixture
def vad_project(tmp_path):
    """A real project (``process --vad-only``) of a 3 s generated video, and its folder."""
    video = make_video(tmp_path / "clip.mp4", 3.0)
    out = tmp_path / "out"
    assert main(["process", str(video), "--vad-only", "--out", str(out), "--no-cache"]) == 0
    return out / "clip.cutmark.json", out


def _err(capsys) -> str:
    return capsys.readouterr().err


def test_an_error_and_its_hint_are_two_sentences(vad_project, capsys):
    project, out = vad_project
    assert main(["export", str(project), "--format", "csv", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["export", str(project), "--format", "csv", "--out", str(out)]) == 1
    err = _err(capsys)
    assert "already exists. Pass '--overwrite'" in err, err


def test_probe_of_a_missing_file_says_to_check_the_path(tmp_path, capsys):
    assert main(["probe", str(tmp_path / "nope.mp4")]) == 1
    err = _err(capsys)
    assert "nope.mp4 does not exist. Check the path and its spelling." in err
    assert "plays" not in err


def test_a_mistyped_project_path_says_to_check_the_path(tmp_path, capsys):
    assert (
        main(["export", str(tmp_path / "nope.cutmark.json"), "--format", "srt", "--out", str(tmp_path)]) == 1
    )
    err = _err(capsys)
    assert "no such file. Check the path" in err and ".cutmark.json" in err
    assert "was not changed" not in err


def test_render_advises_an_output_file_not_a_folder(vad_project, capsys):
    project, out = vad_project
    target = out / "cut.mp4"
    target.write_bytes(b"mine")
    assert main(["render", str(project), "--out", str(target), "--progress", "none"]) == 1
    err = _err(capsys)
    assert "already exists. Pass '--overwrite'" in err and "'--out OUT.mp4'" in err, err
    assert "--out' folder" not in err and "--out DIR" not in err
    assert target.read_bytes() == b"mine"


def test_a_misspelled_option_prints_the_commands_usage_and_the_closest_option(capsys):
    assert main(["process", "--vad-onyl", "clip.mp4"]) == 2
    err = _err(capsys)
    assert err.startswith("usage: cutmark process"), err
    assert "cutmark process: error: unrecognized arguments: --vad-onyl (did you mean --vad-only?)" in err
    assert main(["models", "download", "--hubb", "huggingface"]) == 2
    assert _err(capsys).startswith("usage: cutmark models download")


def test_every_option_and_argument_has_help_text():
    missing = []

    def walk(parser: argparse.ArgumentParser, name: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    walk(sub, f"{name} {sub_name}")
            elif not isinstance(action, argparse._HelpAction | argparse._VersionAction) and not action.help:
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")

    walk(build_parser(), "cutmark")
    from desktop_app.ui.gui_args import build_parser as gui_parser

    walk(gui_parser(), "cutmark gui")
    assert missing == []


def test_gui_help_prints_its_usage_without_loading_qt():
    code = (
        "import sys\nfrom desktop_app.entry import main\nrc = main(['gui', '--help'])\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\nsys.exit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: cutmark gui") and "--screenshot" in proc.stdout
    assert proc.stderr == ""  # no "qt.multimedia..." lines


def test_offline_download_repeats_the_exact_command_and_says_where_to_copy_a_model(
    tmp_path, monkeypatch, capsys
):
    # a port nothing listens on: the real download code meets "connection refused", as offline
    hub = models.HUBS["huggingface"]
    monkeypatch.setitem(
        models.HUBS, "huggingface", models.Hub(hub.name, hub.repo, "http://127.0.0.1:9/{repo}/{file}")
    )
    dest = tmp_path / "models here"
    assert main(["models", "download", "--hub", "huggingface", "--dest", str(dest)]) == 1
    err = _err(capsys)
    assert "are you offline?" in err
    assert f"'cutmark models download --hub huggingface --dest {dest}' again" in err
    assert f"into {dest}" in err and "copy a model folder here" not in err
