"""Model folders of one's own (a SenseVoiceSmall fine-tuned for a domain): the files come
from the folder's configuration.json / config.yaml, as funasr reads them, with the
published names as the fallback. Whatever funasr's AutoModel loads, Cutmark loads."""

import json
import shutil

import numpy as np
import pytest
import yaml

from desktop_app.core.errors import ModelIncompleteError
from desktop_app.core.model import Window
from desktop_app.core.progress import drive
from desktop_app.transcribe import models
from desktop_app.transcribe.engine import SenseVoiceEngine, TranscribeOptions
from tests.rig.tiny_model import BPE_MODEL_FILE, build_model_dir, load_automodel

OWN_NAME = "legal_domain.bpe.model"


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return build_model_dir(tmp_path_factory.mktemp("src") / "published_names")


def _renamed_in_configuration_json(source, folder):
    """What a fine-tune keeps: its own tokenizer file, named in configuration.json."""
    shutil.copytree(source, folder)
    (folder / BPE_MODEL_FILE).rename(folder / OWN_NAME)
    conf = json.loads((folder / "configuration.json").read_text(encoding="utf-8"))
    conf["file_path_metas"]["tokenizer_conf"]["bpemodel"] = OWN_NAME
    (folder / "configuration.json").write_text(json.dumps(conf), encoding="utf-8")
    return folder


def _renamed_in_config_yaml(source, folder):
    """No configuration.json; config.yaml names the tokenizer by path, as funasr's
    training writes it."""
    shutil.copytree(source, folder)
    (folder / "configuration.json").unlink()
    (folder / BPE_MODEL_FILE).rename(folder / OWN_NAME)
    conf = yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))
    conf["tokenizer_conf"]["bpemodel"] = str(folder / OWN_NAME)
    (folder / "config.yaml").write_text(yaml.safe_dump(conf), encoding="utf-8")
    return folder


def _transcribe_one(engine, seconds=2.0):
    audio = np.random.default_rng(3).normal(0, 0.1, int(16000 * seconds)).astype(np.float32)
    windows = [Window(0, 0, int(seconds * 1000), "speech")]
    return drive(engine.transcribe(audio, windows, TranscribeOptions(word_timestamps=False)))


@pytest.mark.parametrize("make", [_renamed_in_configuration_json, _renamed_in_config_yaml])
def test_a_folder_funasr_loads_with_its_own_tokenizer_name_loads_in_cutmark(make, source, tmp_path):
    folder = make(source, tmp_path / "fine_tuned")
    funasr_model = load_automodel(folder)  # funasr's own path accepts it ...
    assert funasr_model.kwargs["tokenizer"].bpemodel == str(folder / OWN_NAME)

    assert models.check_model_dir(folder) == folder  # ... and so does Cutmark
    assert models.missing_files(folder) == []
    assert models.model_files(folder).tokenizer.path == folder / OWN_NAME
    engine = SenseVoiceEngine(folder, "cpu")
    assert engine.tokenizer.bpemodel == str(folder / OWN_NAME)  # the file funasr built it from
    (segment,) = _transcribe_one(engine)
    assert segment.start_ms == 0 and segment.end_ms == 2000


def test_a_file_its_configuration_names_but_lacks_is_named(source, tmp_path):
    folder = _renamed_in_configuration_json(source, tmp_path / "fine_tuned")
    (folder / OWN_NAME).unlink()
    shutil.copy(source / BPE_MODEL_FILE, folder / BPE_MODEL_FILE)  # the published one must not stand in
    with pytest.raises(ModelIncompleteError) as err:
        models.check_model_dir(folder)
    assert f"is missing {OWN_NAME} (the tokenizer file its configuration.json names)" in err.value.message
    assert models.missing_files(folder) == [OWN_NAME]
    with pytest.raises(ModelIncompleteError, match=OWN_NAME):
        SenseVoiceEngine(folder, "cpu")


def test_a_folder_that_names_nothing_uses_the_published_names(source, tmp_path):
    """Only config.yaml, naming no files (like the published one): the published names."""
    folder = tmp_path / "bare"
    shutil.copytree(source, folder)
    (folder / "configuration.json").unlink()
    files = models.model_files(folder)
    assert [f.path.name for f in files.all()] == ["model.pt", "config.yaml", BPE_MODEL_FILE, "am.mvn"]
    assert all(f.named_in == "" for f in files.all())
    (segment,) = _transcribe_one(SenseVoiceEngine(folder, "cpu"))
    assert segment.end_ms == 2000
    (folder / "am.mvn").unlink()
    with pytest.raises(ModelIncompleteError, match=r"is missing am\.mvn\."):
        models.check_model_dir(folder)


def test_a_configuration_json_that_is_not_json_is_named(source, tmp_path):
    folder = tmp_path / "broken"
    shutil.copytree(source, folder)
    (folder / "configuration.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelIncompleteError, match=r"configuration\.json is not valid JSON"):
        models.check_model_dir(folder)


@pytest.mark.parametrize("make", [_renamed_in_configuration_json, _renamed_in_config_yaml])
def test_the_cache_key_of_a_fine_tuned_folder_follows_its_own_tokenizer(make, source, tmp_path):
    """The analysis cache fingerprints the files funasr loads, by the folder's own names: a
    fine-tuned folder is keyed (not refused), and a new tokenizer there is a new key."""
    import os

    from desktop_app.project.cache import model_fingerprint

    folder = make(source, tmp_path / "fine_tuned")
    before = model_fingerprint(folder)
    tokenizer = folder / OWN_NAME
    stat = tokenizer.stat()
    tokenizer.write_bytes(tokenizer.read_bytes() + b"\0")  # other weights, as a new fine-tune writes
    os.utime(tokenizer, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert model_fingerprint(folder) != before
