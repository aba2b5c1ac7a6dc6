"""``cutmark batch --ray`` on a local Ray runtime (``ray.init(num_cpus=2)``, no dashboard)."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.batch import ray_runner
from desktop_app.batch.inputs import collect_items
from desktop_app.batch.run import run_batch
from desktop_app.batch.work import Finished, JobSpec
from desktop_app.cli.main import main
from tests.batch.conftest import BAD, GOOD

ray = pytest.importorskip("ray", reason="Ray is installed by scripts/setup.sh ('cutmark[cluster]')")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    yield
    ray.shutdown()


def segments(path: Path) -> list:
    return json.loads(path.read_text(encoding="utf-8"))["segments"]


def run(inputs, out, model, *extra) -> int:
    args = ["batch", str(inputs), "--out", str(out), "--model", str(model), "--device", "cpu"]
    return main([*args, "--progress", "json", *extra])


def test_ray_batch_equals_the_local_one_and_reruns_skip(
    local_ray, batch_inputs, tiny_model, tmp_path, capsys, monkeypatch
):
    local, on_ray = tmp_path / "local", tmp_path / "ray"
    assert run(batch_inputs, local, tiny_model) == 1
    capsys.readouterr()
    monkeypatch.chdir(tmp_path)  # relative paths, as typed in a shell: the workers do not share the folder
    relative = [os.path.relpath(p, tmp_path) for p in (batch_inputs, tiny_model)]
    assert run(relative[0], "ray", relative[1], "--ray", "local") == 1  # the runtime above is used
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    cluster = next(x for x in lines if x["event"] == "cluster")
    assert (
        cluster["workers"] == 1 and cluster["device"] == "cpu"
    )  # 2 CPUs: one model worker, one for decoding
    summary = lines[-1]
    assert (summary["done"], summary["skipped"], summary["failed"], summary["runner"]) == (4, 0, 2, "ray")
    for rel in GOOD:
        assert segments(on_ray / f"{rel}.cutmark.json") == segments(local / f"{rel}.cutmark.json")
        assert (on_ray / f"{rel}.srt").read_text() == (local / f"{rel}.srt").read_text()
    failures = json.loads((on_ray / "cutmark-batch-failures.json").read_text())["failures"]
    assert sorted(Path(f["file"]).relative_to(batch_inputs).as_posix() for f in failures) == BAD
    assert all(f["reason"] for f in failures)

    capsys.readouterr()
    assert run(batch_inputs, on_ray, tiny_model, "--ray", "local") == 1
    summary = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert (summary["done"], summary["skipped"], summary["failed"]) == (0, 4, 2)


class DyingWorker(ray_runner.ModelWorker):
    """Dies (the process exits, as on an out-of-memory kill) on files named in its job's
    out dir's ``die-on`` list; ``once`` entries only the first time."""

    def run(self, prepared, attempts):
        rules = json.loads((Path(self.job.out_dir).parent / "die-on.json").read_text())
        name = Path(prepared.item.source).name
        if name in rules["always"] or (name in rules["once"] and attempts == 1):
            os._exit(1)
        return super().run(prepared, attempts)


def test_a_dying_worker_is_replaced_and_its_file_retried(local_ray, batch_inputs, tiny_model, tmp_path):
    (tmp_path / "die-on.json").write_text(json.dumps({"once": ["crowd.flac"], "always": ["tone.m4a"]}))
    items = [i for i in collect_items([str(batch_inputs)]) if i.rel in GOOD]
    job = JobSpec(out_dir=str(tmp_path / "out"), model_folder=str(tiny_model))
    layout = ray_runner.plan(0, 1, 1)
    outcomes = list(ray_runner.run_ray(items, job, layout, max_attempts=2, worker_class=DyingWorker))
    by_rel = {o.item.rel: o for o in outcomes}
    assert sorted(by_rel) == sorted(GOOD)
    assert isinstance(by_rel["day1/crowd"], Finished) and by_rel["day1/crowd"].attempts == 2
    assert by_rel["day2/tone"].attempts == 2 and "died 2 times" in by_rel["day2/tone"].reason
    assert isinstance(by_rel["day1/opening"], Finished) and isinstance(by_rel["day2/late/set"], Finished)
    summary = None
    gen = run_batch(items, job, iter(outcomes), runner_name="ray")
    while summary is None:
        try:
            next(gen)
        except StopIteration as stop:
            summary = stop.value
    assert (summary.done, summary.failed) == (3, 1)


def test_a_killed_ray_batch_finishes_the_rest_on_rerun(batch_inputs, tiny_model, tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "CUTMARK_CACHE_DIR": str(tmp_path / "cache")}
    code = "import sys\nfrom desktop_app.cli.main import main\nsys.exit(main(sys.argv[1:]))\n"
    args = [sys.executable, "-c", code, "batch", str(batch_inputs), "--out", str(out)]
    args += ["--model", str(tiny_model), "--ray", "local", "--progress", "json"]
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT, start_new_session=True
    )
    try:
        for line in proc.stdout:
            event = json.loads(line)
            if event["event"] == "item" and event["status"] == "done":
                os.killpg(proc.pid, signal.SIGKILL)  # the driver and everything it started
                break
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    finished = list(out.rglob("*.cutmark.json"))
    assert 1 <= len(finished) < len(GOOD)

    rerun = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    summary = json.loads(rerun.stdout.splitlines()[-1])
    assert (summary["skipped"], summary["done"]) == (len(finished), len(GOOD) - len(finished)), rerun.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.cutmark.json")) == [
        f"{rel}.cutmark.json" for rel in GOOD
    ]
