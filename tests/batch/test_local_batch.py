"""``cutmark batch`` without Ray: same projects as ``cutmark process``, failures listed,
reruns skip, a killed run finishes on rerun, and no Ray needed."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from desktop_app.cli.main import main
from tests.batch.conftest import BAD, GOOD

ROOT = Path(__file__).resolve().parents[2]


def segments(path: Path) -> list:
    return json.loads(path.read_text(encoding="utf-8"))["segments"]


def batch(inputs, out, model, *extra) -> int:
    return main(["batch", str(inputs), "--out", str(out), "--model", str(model), "--device", "cpu", *extra])


def test_batch_equals_process_lists_bad_files_and_reruns_skip(batch_inputs, tiny_model, tmp_path, capsys):
    out = tmp_path / "out"
    assert batch(batch_inputs, out, tiny_model, "--export", "srt,vtt", "--progress", "json") == 1  # bad files
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    items = [x for x in lines if x["event"] == "item"]
    assert sorted(x["status"] for x in items) == ["done"] * 4 + ["failed"] * 2
    summary = lines[-1]
    assert summary["event"] == "summary" and (summary["done"], summary["failed"], summary["skipped"]) == (
        4,
        2,
        0,
    )
    assert summary["complete"] and summary["audio_hours"] > 40 / 3600

    for rel in GOOD:
        assert (out / f"{rel}.cutmark.json").is_file() and (out / f"{rel}.srt").is_file()
        assert (out / f"{rel}.vtt").is_file()
    # the single-file command gives the same segments
    alone = tmp_path / "alone"
    for rel in GOOD:
        media = next((batch_inputs / rel).parent.glob(Path(rel).name + ".*"))
        args = ["process", str(media), "--out", str(alone), "--model", str(tiny_model), "--device", "cpu"]
        assert main([*args, "--no-cache", "--progress", "none"]) == 0
        assert segments(alone / f"{Path(rel).name}.cutmark.json") == segments(out / f"{rel}.cutmark.json")

    failures = json.loads((out / "cutmark-batch-failures.json").read_text(encoding="utf-8"))["failures"]
    assert sorted(Path(f["file"]).relative_to(batch_inputs).as_posix() for f in failures) == BAD
    assert all(f["reason"] for f in failures)
    assert not list(out.rglob("*.tmp")) and not list(out.rglob(".*.part*"))

    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.cutmark.json")}
    capsys.readouterr()
    assert batch(batch_inputs, out, tiny_model, "--export", "srt,vtt,txt", "--progress", "json") == 1
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    summary = lines[-1]
    assert (summary["done"], summary["skipped"], summary["failed"]) == (0, 4, 2)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.cutmark.json")} == before  # nothing redone
    assert all((out / f"{rel}.txt").is_file() for rel in GOOD)  # the newly asked format was added


def test_a_project_from_other_options_is_kept_unless_overwrite(batch_inputs, tiny_model, tmp_path, capsys):
    out = tmp_path / "out"
    one = batch_inputs / "day2" / "tone.m4a"
    assert batch(one, out, tiny_model, "--progress", "none") == 0
    project = out / "tone.cutmark.json"
    first = project.read_bytes()
    assert batch(one, out, tiny_model, "--language", "en", "--progress", "none") == 1
    assert "--overwrite" in capsys.readouterr().err and project.read_bytes() == first
    assert batch(one, out, tiny_model, "--language", "en", "--overwrite", "--progress", "none") == 0
    assert json.loads(project.read_text())["options"]["transcribe"]["language"] == "en"


def _cli(*args: str, block_ray: bool = False) -> list[str]:
    code = "import sys\n"
    if block_ray:
        code += "sys.modules['ray'] = None  # as if Ray were not installed\n"
    code += "from desktop_app.cli.main import main\nsys.exit(main(sys.argv[1:]))\n"
    return [sys.executable, "-c", code, *args]


def test_no_ray_needed_without_ray_and_a_clear_error_with_it(batch_inputs, tiny_model, tmp_path):
    env = {**os.environ, "CUTMARK_CACHE_DIR": str(tmp_path / "cache")}
    one = str(batch_inputs / "day1" / "opening.wav")
    args = ["batch", one, "--out", str(tmp_path / "out"), "--model", str(tiny_model), "--device", "cpu"]
    done = subprocess.run(_cli(*args, block_ray=True), capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "opening.cutmark.json").is_file()
    asked = subprocess.run(
        _cli(*args, "--ray", "local", block_ray=True), capture_output=True, text=True, env=env
    )
    assert asked.returncode == 1
    assert "Ray is not installed" in asked.stderr and "cutmark[cluster]" in asked.stderr


def test_a_killed_batch_finishes_the_rest_on_rerun(batch_inputs, tiny_model, tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "CUTMARK_CACHE_DIR": str(tmp_path / "cache")}
    args = ["batch", str(batch_inputs), "--out", str(out), "--model", str(tiny_model), "--device", "cpu"]
    proc = subprocess.Popen(
        _cli(*args, "--progress", "json"), stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    try:
        for line in proc.stdout:
            event = json.loads(line)
            if event["event"] == "item" and event["status"] == "done":
                proc.send_signal(signal.SIGKILL)  # no chance to clean up: like a power cut
                break
    finally:
        proc.kill()
        proc.wait(timeout=60)
    finished = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.cutmark.json"))
    assert 1 <= len(finished) < len(GOOD)

    rerun = subprocess.run(
        _cli(*args, "--progress", "json"), capture_output=True, text=True, env=env, cwd=ROOT
    )
    summary = json.loads(rerun.stdout.splitlines()[-1])
    assert summary["skipped"] == len(finished) and summary["done"] == len(GOOD) - len(finished)
    assert summary["failed"] == len(BAD)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.cutmark.json")) == [
        f"{rel}.cutmark.json" for rel in GOOD
    ]
