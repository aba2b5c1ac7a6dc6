"""A batch counts an item done only when its project carries the same model files,
precision and analysis version (issue #12, item 4): new weights in the same model folder
are not "done" any more, and a rerun that skips everything loads no model."""

import json
import os
import shutil

import torch

from desktop_app.cli.main import main
from desktop_app.transcribe import engine as engine_mod


def batch(inputs, out, model, *extra) -> int:
    args = ["batch", str(inputs), "--out", str(out), "--model", str(model), "--device", "cpu"]
    return main([*args, "--progress", "json", *extra])


def summary(capsys) -> dict:
    return [json.loads(x) for x in capsys.readouterr().out.splitlines()][-1]


def test_new_weights_in_the_same_folder_make_the_projects_stale(
    batch_inputs, tiny_model, tmp_path, capsys, monkeypatch
):
    model = shutil.copytree(tiny_model, tmp_path / "model")
    one = batch_inputs / "day2" / "tone.m4a"
    out = tmp_path / "out"
    assert batch(one, out, model) == 0
    project = out / "tone.cutmark.json"
    first = json.loads(project.read_text())
    assert first["options"]["identity"]["precision"] == "fp32"

    loads = []
    real_init = engine_mod.SenseVoiceEngine.__init__
    monkeypatch.setattr(
        engine_mod.SenseVoiceEngine,
        "__init__",
        lambda self, *a, **k: loads.append(1) or real_init(self, *a, **k),
    )
    capsys.readouterr()
    assert batch(one, out, model) == 0
    assert summary(capsys)["skipped"] == 1 and loads == []  # done: nothing loaded, nothing redone

    path = model / "model.pt"
    state = torch.load(path, map_location="cpu", weights_only=True)
    name = next(n for n, t in state.items() if t.is_floating_point() and t.numel() > 100)
    state[name] = state[name] * 0.5
    stat = path.stat()
    torch.save(state, path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old mtime

    assert batch(one, out, model) == 1  # stale now: kept, and said so
    err = capsys.readouterr().err
    assert "another file, model or options" in err and "--overwrite" in err
    assert json.loads(project.read_text()) == first
    assert batch(one, out, model, "--overwrite") == 0
    assert loads == [1]
    again = json.loads(project.read_text())
    assert again["options"]["identity"]["model"] != first["options"]["identity"]["model"]
