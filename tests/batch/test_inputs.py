from pathlib import Path

from desktop_app.batch.inputs import collect_items


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


def test_a_folder_is_searched_recursively_and_its_layout_mirrored(tmp_path):
    for name in ("b/z.mp4", "a.wav", "b/c/y.MOV", "notes.txt", ".hidden.mp4", "b/cover.jpg"):
        _touch(tmp_path / "in" / name)
    items = collect_items([str(tmp_path / "in")])
    assert [i.rel for i in items] == ["a", "b/c/y", "b/z"]
    assert all(Path(i.source).is_file() and not i.problem for i in items)


def test_globs_manifests_and_plain_files(tmp_path):
    one = _touch(tmp_path / "shows" / "one.mp4")
    two = _touch(tmp_path / "shows" / "deep" / "two.m4a")
    _touch(tmp_path / "shows" / "readme.md")
    manifest = tmp_path / "list.txt"
    manifest.write_text(
        "# calls of the day\n\nshows/one.mp4\n"
        f"file://{two.as_posix()}\n"
        "s3://bucket/calls/0001.wav\n"
        "missing/three.wav\n",
        encoding="utf-8",
    )
    glob_items = collect_items([str(tmp_path / "shows" / "**" / "*.m*")])
    assert sorted(Path(i.source) for i in glob_items) == sorted([one, two])

    items = collect_items([str(manifest)])
    assert [(Path(i.source).name, i.rel) for i in items] == [
        ("one.mp4", "one"),
        ("two.m4a", "two"),
        ("0001.wav", "0001"),
        ("three.wav", "three"),
    ]
    assert Path(items[0].source) == one  # relative to the manifest's folder
    assert "mount" in items[2].problem and not items[3].problem  # a missing file fails later, as a file


def test_repeats_are_dropped_and_colliding_outputs_get_stable_suffixes(tmp_path):
    a = _touch(tmp_path / "x" / "talk.mp4")
    b = _touch(tmp_path / "y" / "talk.wav")
    first = collect_items([str(a), str(b), str(a)])
    assert len(first) == 2
    rels = [i.rel for i in first]
    assert rels[0] != rels[1] and all(r.startswith("talk-") for r in rels)
    assert [i.rel for i in collect_items([str(b), str(a)])] == rels[::-1]  # same file, same outputs


def test_an_input_right_after_a_bare_ray_flag_stays_an_input(tmp_path, monkeypatch):
    from desktop_app.cli import batch_cmd
    from desktop_app.cli.main import build_parser

    media = _touch(tmp_path / "a.wav")
    args = build_parser().parse_args(["batch", "--ray", str(media), "--out", str(tmp_path / "o")])
    assert args.ray == str(media)  # what argparse does with an optional value
    seen = {}

    def stop_at_collect(inputs):
        seen["inputs"], seen["ray"] = list(inputs), args.ray
        return []

    monkeypatch.setattr("desktop_app.batch.inputs.collect_items", stop_at_collect)
    assert batch_cmd.run(args) == 1  # "no media files" from the stub: only the parsing matters here
    assert seen == {"inputs": [str(media)], "ray": "auto"}
