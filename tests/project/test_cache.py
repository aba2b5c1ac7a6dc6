import hashlib
import os
from pathlib import Path

import pytest

from desktop_app.core.errors import ProjectError, UnreadableMediaError
from desktop_app.project import AnalysisCache, Project, content_hash, default_cache_dir, project_to_dict
from desktop_app.project.cache import CACHE_DIR_ENV
from tests.project.factories import sample_analysis

MIB = 1 << 20


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _reference_hash(path: Path) -> str:
    """The algorithm exactly as the module docstring describes it."""
    data = path.read_bytes()
    size = len(data)
    h = hashlib.blake2b(digest_size=32)
    h.update(size.to_bytes(8, "little"))
    if size <= 16 * MIB:
        h.update(data)
    else:
        for i in range(16):
            offset = i * (size - MIB) // 15
            h.update(data[offset : offset + MIB])
    return "b2s1:" + h.hexdigest()


def test_small_file_hash_is_stable_and_sees_every_byte(tmp_path):
    data = bytearray(os.urandom(3 * MIB + 12345))
    path = _write(tmp_path / "a.mp4", bytes(data))
    first = content_hash(path)
    assert first.startswith("b2s1:") and len(first) == 5 + 64
    assert content_hash(path) == first
    assert content_hash(_write(tmp_path / "copy.mov", bytes(data))) == first  # name does not matter
    assert first == _reference_hash(path)
    data[len(data) // 2] ^= 0x01
    _write(path, bytes(data))
    assert content_hash(path) != first
    assert content_hash(_write(tmp_path / "longer.mp4", bytes(data) + b"\0")) != content_hash(path)


def test_empty_file_has_a_hash(tmp_path):
    assert content_hash(_write(tmp_path / "e.wav", b"")) == _reference_hash(tmp_path / "e.wav")


def test_big_file_hash_samples_16_chunks(tmp_path):
    path = tmp_path / "big.mp4"
    size = 40 * MIB + 7
    with open(path, "wb") as f:
        f.truncate(size)
        for i in range(16):  # put something distinct in each sampled chunk
            f.seek(i * (size - MIB) // 15)
            f.write(bytes([i + 1]) * 64)
    first = content_hash(path)
    assert first == _reference_hash(path)
    with open(path, "r+b") as f:  # a byte inside the 8th sampled chunk
        f.seek(7 * (size - MIB) // 15 + 1000)
        f.write(b"\x99")
    assert content_hash(path) != first
    before = content_hash(path)
    with open(path, "r+b") as f:  # a byte between samples goes unnoticed (documented)
        f.seek((size - MIB) // 15 + MIB + 10)
        f.write(b"\x42")
    assert content_hash(path) == before


def test_exactly_16_mib_is_hashed_whole(tmp_path):
    path = tmp_path / "edge.bin"
    with open(path, "wb") as f:
        f.truncate(16 * MIB)
    assert content_hash(path) == _reference_hash(path)


def test_missing_media_is_a_typed_error(tmp_path):
    with pytest.raises(UnreadableMediaError, match="no such file"):
        content_hash(tmp_path / "nope.mp4")


def test_cache_miss_put_hit(tmp_path):
    cache = AnalysisCache(tmp_path / "cache" / "deeper")
    project = Project(sample_analysis(), edits={"k": [1]})
    key = cache.key("b2s1:" + "ab" * 32, "iic/SenseVoiceSmall", {"language": "auto", "track": 0})
    assert cache.get(key) is None
    cache.put(key, project)
    hit = cache.get(key)
    assert hit == project and hit.analysis.options == project.analysis.options
    assert [p.name for p in cache.root.iterdir()] == [f"{key}.cutmark.json"]  # no temp files


def test_key_depends_on_hash_model_and_options_but_not_key_order(tmp_path):
    cache = AnalysisCache(tmp_path)
    base = cache.key("b2s1:aa", "iic/SenseVoiceSmall", {"language": "auto", "vad": {"threshold": 0.5}})
    assert len(base) == 64 and int(base, 16) >= 0
    assert (
        cache.key("b2s1:aa", "iic/SenseVoiceSmall", {"vad": {"threshold": 0.5}, "language": "auto"}) == base
    )
    others = {
        cache.key("b2s1:bb", "iic/SenseVoiceSmall", {"language": "auto", "vad": {"threshold": 0.5}}),
        cache.key("b2s1:aa", "FunAudioLLM/SenseVoiceSmall", {"language": "auto", "vad": {"threshold": 0.5}}),
        cache.key("b2s1:aa", "iic/SenseVoiceSmall", {"language": "zh", "vad": {"threshold": 0.5}}),
        cache.key("b2s1:aa", "iic/SenseVoiceSmall", {"language": "auto", "vad": {"threshold": 0.6}}),
        cache.key("b2s1:aa", "iic/SenseVoiceSmall", {"language": "auto"}),
    }
    assert base not in others and len(others) == 5
    with pytest.raises(ProjectError, match="cannot key the cache"):
        cache.key("b2s1:aa", "m", {"path": Path("/x")})


def test_corrupt_entry_is_a_miss_and_is_removed(tmp_path):
    cache = AnalysisCache(tmp_path)
    key = cache.key("h", "m", {})
    entry = cache.put(key, Project(sample_analysis()))
    entry.write_bytes(entry.read_bytes()[:500])  # a torn copy
    assert cache.get(key) is None
    assert not entry.exists()
    entry.write_text('{"schema_version": 1, "segments": "x"}', encoding="utf-8")
    assert cache.get(key) is None and not entry.exists()


def test_entry_from_a_newer_cutmark_is_a_miss_but_kept(tmp_path):
    import json

    cache = AnalysisCache(tmp_path)
    key = cache.key("h", "m", {})
    data = project_to_dict(Project(sample_analysis()))
    data["schema_version"] = 9
    entry = cache.path_for(key)
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert cache.get(key) is None and entry.exists()


@pytest.mark.parametrize("bad", ["../../etc/passwd", "ABC", "", "a" * 63])
def test_only_real_keys_name_entries(tmp_path, bad):
    with pytest.raises(ProjectError, match="not a cache key"):
        AnalysisCache(tmp_path).get(bad)


def test_default_cache_dir_env_override(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    monkeypatch.setenv(CACHE_DIR_ENV, "  ")
    assert "cutmark" in str(default_cache_dir()).lower()
    monkeypatch.delenv(CACHE_DIR_ENV)
    assert "cutmark" in str(default_cache_dir()).lower()


def _model_folder(root: Path) -> Path:
    """The files of a SenseVoice folder (their content only matters to the fingerprint)."""
    root.mkdir(parents=True)
    for name, data in {
        "model.pt": os.urandom(17 * MIB),  # above the whole-file limit: sampled, like the real 936 MB
        "config.yaml": b"model: SenseVoiceSmall\n",
        "am.mvn": b"<AddShift> <Rescale>\n",
        "chn_jpn_yue_eng_ko_spectok.bpe.model": b"pieces",
        "configuration.json": b"{}",
    }.items():
        (root / name).write_bytes(data)
    return root


def test_model_fingerprint_follows_the_files_not_the_spelling_of_the_folder(tmp_path, monkeypatch):
    import shutil

    from desktop_app.project.cache import model_fingerprint

    folder = _model_folder(tmp_path / "models" / "a")
    first = model_fingerprint(folder)
    assert first.startswith("m1:") and len(first) == 3 + 64
    (tmp_path / "link").symlink_to(folder)
    monkeypatch.chdir(tmp_path / "models")
    spellings = ("a", "../models/./a/", folder.resolve(), tmp_path / "link")
    assert {model_fingerprint(p) for p in spellings} == {first}
    (folder / "README.md").write_text("not part of the model")
    assert model_fingerprint(folder) == first
    kept = shutil.copytree(folder, tmp_path / "kept", copy_function=shutil.copy2)  # cp -p: same times
    assert model_fingerprint(kept) == first
    assert model_fingerprint(shutil.copytree(folder, tmp_path / "plain", copy_function=shutil.copy)) != first

    names = (
        "model.pt",
        "config.yaml",
        "am.mvn",
        "chn_jpn_yue_eng_ko_spectok.bpe.model",
        "configuration.json",
    )
    for name in names:
        path = kept / name
        before, st = path.read_bytes(), path.stat()
        # a rewrite: new mtime (configuration.json stays JSON: funasr reads the file names there)
        changed = before + b"\n" if name.endswith(".json") else before[:-1] + bytes([before[-1] ^ 0xFF])
        path.write_bytes(changed)
        assert model_fingerprint(kept) != first, name
        if len(before) <= 16 * MIB:  # hashed whole: seen even with the old times put back
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
            assert model_fingerprint(kept) != first, name
        path.write_bytes(before)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert model_fingerprint(kept) == first, name


def test_model_fingerprint_of_an_incomplete_folder_is_a_model_error(tmp_path):
    from desktop_app.core.errors import ModelIncompleteError
    from desktop_app.project.cache import model_fingerprint

    folder = _model_folder(tmp_path / "m")
    (folder / "am.mvn").unlink()
    with pytest.raises(ModelIncompleteError, match="am.mvn"):
        model_fingerprint(folder)


def test_the_key_recipe_changed_so_entries_keyed_by_a_folder_path_are_never_found(tmp_path):
    """Entries of the first recipe named the model by its folder: new weights there hit them."""
    import json

    recipe = {"format": 1, "content_hash": "b2s1:aa", "model_id": "/models/x", "options": {}}
    old = hashlib.sha256(json.dumps(recipe, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    cache = AnalysisCache(tmp_path)
    cache.put(old, Project(sample_analysis()))
    assert cache.key("b2s1:aa", "/models/x", {}) != old
