"""The set-up split (issue #12, item 12): running Cutmark installs only what running needs;
the tests add the dev tools and Ray; every step says what it installs and about how much.

``CUTMARK_SETUP_DRY_RUN=1`` makes ``scripts/setup.sh`` print its steps and the commands it
would run without running them, so this checks the real script without installing.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NO_PYTHON = "/nonexistent/python3.11"  # never run in a dry run


def _copy(tmp_path: Path) -> Path:
    """A checkout with only what setup.sh reads, so no real .venv or stamp is involved."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _setup(repo: Path, *args: str) -> list[str]:
    env = {**os.environ, "CUTMARK_SETUP_DRY_RUN": "1", "PYTHON": NO_PYTHON}
    proc = subprocess.run(
        ["bash", "scripts/setup.sh", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert not (repo / ".venv").exists() or (repo / ".venv" / "bin" / "python").is_file()
    # the apt step depends on the machine (nothing to do where the libraries are installed)
    return [line for line in (proc.stdout + proc.stderr).splitlines() if "apt-get" not in line]


def _pip_installs(lines: list[str]) -> list[str]:
    return [
        line.split("pip install -q", 1)[1].strip()
        for line in lines
        if "would run:" in line and "pip install" in line
    ]


def _stamp(repo: Path, name: str) -> None:
    digest = hashlib.sha256(
        (repo / "pyproject.toml").read_bytes() + (repo / "scripts" / "setup.sh").read_bytes()
    )
    (repo / ".venv" / name).write_text(digest.hexdigest()[:16] + "\n")


def test_running_installs_the_runtime_only_and_says_each_step_with_its_size(tmp_path):
    lines = _setup(_copy(tmp_path))
    installs = _pip_installs(lines)
    assert installs == ["--upgrade pip", "torch==2.13.0", "-e ."]
    assert not any("dev" in line or "cluster" in line or "ray" in line.lower() for line in installs)
    steps = [
        line for line in lines if line.startswith("setup: installing") or line.startswith("setup: updating")
    ]
    assert len(steps) == len(installs)
    assert all(re.search(r"~\d+ [MG]B", step) for step in steps), steps
    assert f"would run: {NO_PYTHON} -m venv .venv" in "\n".join(lines)  # a fresh clone gets its venv


def test_dev_adds_the_test_tools_and_ray(tmp_path):
    installs = _pip_installs(_setup(_copy(tmp_path), "--dev"))
    assert installs == ["--upgrade pip", "torch==2.13.0", "-e .", "-e .[dev,cluster]"]


def test_reruns_are_instant_and_dev_after_runtime_installs_only_the_dev_extras(tmp_path):
    repo = _copy(tmp_path)
    (repo / ".venv" / "bin").mkdir(parents=True)
    (repo / ".venv" / "bin" / "python").write_text("#!/bin/sh\nexit 1\n")  # never run in a dry run
    (repo / ".venv" / "bin" / "python").chmod(0o755)
    _stamp(repo, ".cutmark-setup")
    assert _setup(repo) == []  # set up already: not a word, nothing run
    assert _pip_installs(_setup(repo, "--dev")) == ["-e .[dev,cluster]"]
    _stamp(repo, ".cutmark-setup-dev")
    assert _setup(repo, "--dev") == []


def test_unknown_option_is_refused(tmp_path):
    proc = subprocess.run(
        ["bash", "scripts/setup.sh", "--devv"], cwd=_copy(tmp_path), capture_output=True, text=True, timeout=60,
        env={**os.environ, "CUTMARK_SETUP_DRY_RUN": "1", "PYTHON": NO_PYTHON},
    )  # fmt: skip
    assert proc.returncode == 2 and "--devv" in proc.stderr


@pytest.mark.parametrize(("script", "call"), [("cutmark.sh", 'setup.sh"'), ("test.sh", "setup.sh --dev")])
def test_the_run_command_sets_up_the_runtime_and_the_test_command_the_dev_extras(script, call):
    calls = [
        line
        for line in (ROOT / "scripts" / script).read_text().splitlines()
        if "setup.sh" in line and "bash" in line
    ]
    assert len(calls) == 1 and call in calls[0], calls
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test.sh" in ci  # CI still runs the tests through test.sh
