"""Where the SenseVoiceSmall files live, and fetching them once into the model cache.

The download is ours (plain HTTP with resume) rather than modelscope's or the Hugging
Face client's, so it reports progress, stops on cancel, resumes a broken transfer,
checks sizes, and only ever leaves a complete folder behind.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import DownloadError, ModelIncompleteError, ModelNotFoundError
from desktop_app.core.progress import CancelToken, Progress

MODEL_NAME = "SenseVoiceSmall"
DEFAULT_MODEL_ID = "iic/SenseVoiceSmall"
# The published model's files (what a download fetches). A folder of one's own may name
# other files in its configuration.json / config.yaml: see model_files().
REQUIRED_FILES = ("model.pt", "config.yaml", "am.mvn", "chn_jpn_yue_eng_ko_spectok.bpe.model")
OPTIONAL_FILES = ("configuration.json",)
APPROX_SIZE_BYTES = 936 * 1024 * 1024
MANIFEST = "cutmark-download.json"


@dataclass(frozen=True)
class Hub:
    name: str
    repo: str
    url_template: str  # {repo} and {file}

    def url(self, file: str) -> str:
        return self.url_template.format(repo=self.repo, file=file)


HUBS = {
    "modelscope": Hub(
        "modelscope", "iic/SenseVoiceSmall", "https://www.modelscope.cn/models/{repo}/resolve/master/{file}"
    ),
    "huggingface": Hub(
        "huggingface", "FunAudioLLM/SenseVoiceSmall", "https://huggingface.co/{repo}/resolve/main/{file}"
    ),
}
HUB_BY_ID = {hub.repo.lower(): hub for hub in HUBS.values()}


def models_root() -> Path:
    """The app's model cache. ``CUTMARK_MODELS_DIR`` overrides the platform's data folder."""
    override = os.environ.get("CUTMARK_MODELS_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("cutmark", appauthor=False)) / "models"


def default_model_dir() -> Path:
    return models_root() / MODEL_NAME


@dataclass(frozen=True)
class ModelFile:
    """One file funasr loads from a model folder: where it is and who named it."""

    role: str  # "weights", "config", "tokenizer" or "normalisation"
    path: Path
    named: str  # as the folder names it (a name, or a path in config.yaml)
    named_in: str = ""  # "configuration.json" or "config.yaml"; "" for the published name

    def describe(self) -> str:
        """``my.bpe.model (the tokenizer file its configuration.json names)``, for messages."""
        return (
            f"{self.named} (the {self.role} file its {self.named_in} names)" if self.named_in else self.named
        )


@dataclass(frozen=True)
class ModelFiles:
    """The files of a model folder, found the way funasr finds them (see :func:`model_files`)."""

    weights: ModelFile
    config: ModelFile
    tokenizer: ModelFile
    normalisation: ModelFile

    def all(self) -> tuple[ModelFile, ...]:
        return (self.weights, self.config, self.tokenizer, self.normalisation)

    def missing(self) -> list[ModelFile]:
        return [f for f in self.all() if not f.path.is_file()]

    def automodel_kwargs(self) -> dict:
        """The paths for ``funasr.AutoModel``: it then loads exactly the files checked here,
        and a folder whose configuration leaves one unnamed gets the published name."""
        return {
            "config": str(self.config.path),
            "init_param": str(self.weights.path),
            "tokenizer_conf": {"bpemodel": str(self.tokenizer.path)},
            "frontend_conf": {"cmvn_file": str(self.normalisation.path)},
        }


# (role, key path in configuration.json's file_path_metas and in config.yaml, the name
# funasr looks for beside config.yaml when there is no configuration.json, whether that
# name wins over config.yaml's value, the published name)
_ROLES = (
    ("weights", ("init_param",), "model.pt", False, "model.pt"),
    ("tokenizer", ("tokenizer_conf", "bpemodel"), "bpe.model", True, "chn_jpn_yue_eng_ko_spectok.bpe.model"),
    ("normalisation", ("frontend_conf", "cmvn_file"), "am.mvn", True, "am.mvn"),
)


def model_files(folder: Path) -> ModelFiles:
    """Which files funasr's ``AutoModel(model=folder)`` loads, resolved the way it does.

    With a ``configuration.json``, its ``file_path_metas`` name the files (a fine-tuned
    model keeps its own tokenizer name there) and name the ``config.yaml``; a file it
    names that is not there is skipped (funasr does the same), leaving the value in
    ``config.yaml``. Without one, ``config.yaml`` is read, and ``bpe.model`` / ``am.mvn``
    beside it win over its values. The first of these that exists is taken; a file the
    folder's configuration names but lacks is reported missing; a file it does not name
    at all has the published model's name.
    Raises :class:`ModelIncompleteError` for a ``configuration.json`` that is not JSON.
    """
    folder = Path(folder)
    metas: dict | None = None
    conf_json = folder / "configuration.json"
    if conf_json.is_file():
        try:
            data = json.loads(conf_json.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelIncompleteError(
                f"{conf_json} is not valid JSON ({exc}); funasr cannot read the model's file names.",
                path=str(folder),
            ) from exc
        metas = data.get("file_path_metas") if isinstance(data, dict) else None
        metas = metas if isinstance(metas, dict) else {}
    config = _pick(folder, "config", [(_lookup(metas, ("config",)), "configuration.json")], "config.yaml")
    yaml_conf = _read_yaml(config.path)
    found = {}
    for role, keys, beside, beside_first, published in _ROLES:
        in_yaml = (_lookup(yaml_conf, keys), "config.yaml")
        if metas is not None:
            candidates = [(_lookup(metas, keys), "configuration.json"), in_yaml]
        else:
            candidates = [(beside, ""), in_yaml] if beside_first else [in_yaml, (beside, "")]
        found[role] = _pick(folder, role, candidates, published)
    return ModelFiles(config=config, **found)


def _lookup(conf: dict | None, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if not isinstance(conf, dict):
            return None
        conf = conf.get(key)
    return conf if isinstance(conf, str) and conf.strip() else None


def _read_yaml(path: Path) -> dict | None:
    """config.yaml as a dict, or None (missing or damaged: the diagnosis names it later)."""
    try:
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - unreadable here means: use the other names
        return None
    return data if isinstance(data, dict) else None


def _pick(folder: Path, role: str, candidates: list[tuple[str | None, str]], published: str) -> ModelFile:
    """The first candidate that exists; else the first one the folder's configuration
    names (reported missing: a fine-tuned tokenizer must not quietly become the published
    one); else the published name."""
    options = [ModelFile(role, folder / name, name, where) for name, where in candidates if name]
    for option in options:
        if option.path.is_file():
            return option
    named = [o for o in options if o.named_in]
    return named[0] if named else ModelFile(role, folder / published, published)


def missing_files(folder: Path) -> list[str]:
    """The names of the files the folder needs but lacks (its configuration's names)."""
    try:
        return [f.named for f in model_files(folder).missing()]
    except ModelIncompleteError:
        return ["configuration.json"]


def check_model_dir(folder: Path) -> Path:
    """Raise a clear error unless ``folder`` holds a complete model."""
    if not folder.is_dir():
        raise ModelNotFoundError(f"No model folder at {folder}.", path=str(folder))
    files = model_files(folder)
    missing = files.missing()
    if missing:
        raise ModelIncompleteError(
            f"The model folder {folder} is missing {', '.join(f.describe() for f in missing)}.",
            path=str(folder),
        )
    if files.weights.path.stat().st_size == 0:
        raise ModelIncompleteError(f"{files.weights.path} is empty.", path=str(folder))
    for name, size in _downloaded_sizes(folder).items():  # a folder we downloaded: sizes are known
        path = folder / name
        if path.is_file() and path.stat().st_size != size:
            raise ModelIncompleteError(
                f"{path} has {path.stat().st_size:,} bytes but was downloaded with {size:,}: it is damaged.",
                path=str(folder),
            )
    return folder


def _downloaded_sizes(folder: Path) -> dict[str, int]:
    """``{file: size}`` from the manifest a finished download leaves (empty when there is none)."""
    try:
        files = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {n: v for n, v in files.items() if isinstance(n, str) and type(v) is int and "/" not in n}


def diagnose_model_dir(folder: Path) -> str | None:
    """Which file of a model folder is damaged, as a sentence; None when each one reads.

    Used when funasr fails to load a folder: its own errors name a symptom deep inside
    (a YAML parser, a zip reader), not the file to replace.
    """
    folder = Path(folder)
    try:
        check_model_dir(folder)
    except ModelIncompleteError as err:
        return err.message
    files = model_files(folder)
    checks = (
        (files.weights, _read_checkpoint, "is not a readable PyTorch checkpoint (incomplete or damaged)"),
        (files.config, _read_config, "is not a valid model configuration"),
        (files.tokenizer, _read_bpe, "is not a readable sentencepiece model"),
        (files.normalisation, _read_mvn, "is not a readable normalisation file"),
    )
    for file, check, problem in checks:
        try:
            check(file.path)
        except ImportError:  # a reader we lack says nothing about the file
            continue
        except Exception as exc:  # noqa: BLE001 - any failure to read it is the answer
            if file is files.weights:  # torch's words suggest unsafe loading or re-saving: not for users
                return f"{file.path} {problem}."
            reason = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
            return f"{file.path} {problem}: {reason}."
    return None


def _read_checkpoint(path: Path) -> None:
    import torch

    try:
        torch.load(path, map_location="cpu", mmap=True, weights_only=True)
    except RuntimeError:  # the pre-1.6 (non-zip) format cannot be mapped: read it
        torch.load(path, map_location="cpu", weights_only=True)


def _read_config(path: Path) -> None:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "model" not in data:
        raise ValueError("it names no model")


def _read_bpe(path: Path) -> None:
    import sentencepiece

    sentencepiece.SentencePieceProcessor(model_file=str(path))


def _read_mvn(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if "<AddShift>" not in text or "<Rescale>" not in text:
        raise ValueError("no <AddShift>/<Rescale> blocks")


def resolve_model(spec: str | os.PathLike | None) -> Path:
    """A folder path, a hub id (``iic/SenseVoiceSmall``, ``FunAudioLLM/SenseVoiceSmall``)
    or None (the default model) -> a complete local folder, or a typed error."""
    if spec is not None and Path(spec).exists():
        return check_model_dir(Path(spec))
    text = str(spec) if spec is not None else DEFAULT_MODEL_ID
    if text.lower() in HUB_BY_ID or text == MODEL_NAME:
        folder = default_model_dir()
        if folder.is_dir() and not missing_files(folder):
            return folder
        raise ModelNotFoundError(
            f"The SenseVoiceSmall model (~936 MB) is not downloaded yet (looked in {folder}).",
            hint="Run 'cutmark models download' once (needs internet), pass '--model DIR' "
            "for a folder you copied, or use '--vad-only' for speech detection without it.",
        )
    raise ModelNotFoundError(
        f"'{text}' is neither a model folder nor a known model id.",
        hint="Pass '--model DIR' with a SenseVoiceSmall folder, or use the default "
        "(iic/SenseVoiceSmall) after 'cutmark models download'.",
    )


_SHA256_RE = re.compile(r'(?:W/)?"?([0-9a-fA-F]{64})"?')


def _sha256_from(header: str | None) -> str | None:
    match = _SHA256_RE.fullmatch((header or "").strip())
    return match[1].lower() if match else None


def _remote_info(url: str, timeout: float) -> tuple[int | None, str | None]:
    """``(size, sha256)`` the hub announces for ``url``; either is None when it does not say.

    Hugging Face names a large file's SHA-256 in ``X-Linked-Etag`` on the redirect to its
    storage; a server whose ``ETag`` is 64 hex digits is taken to mean the same.
    """
    seen = []

    class _KeepRedirectHeaders(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            seen.append(headers)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    req = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.build_opener(_KeepRedirectHeaders).open(req, timeout=timeout) as resp:
            seen.append(resp.headers)
            length = resp.headers.get("Content-Length")
            size = int(length) if length else None
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException):
        return None, None
    sha256 = None
    for headers in seen:
        sha256 = _sha256_from(headers.get("X-Linked-Etag")) or _sha256_from(headers.get("ETag")) or sha256
    return size, sha256


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _fetch(url: str, part: Path, expected: int | None, timeout: float, cancel: CancelToken | None):
    """Append to ``part`` from where it stops; yields bytes done so far."""
    have = part.stat().st_size if part.exists() else 0
    if expected is not None and have >= expected:
        yield have
        return
    req = urllib.request.Request(url)
    if have:
        req.add_header("Range", f"bytes={have}-")
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        if have and resp.status != 206:  # the server ignored the range: start again
            have = 0
        with open(part, "ab" if have else "wb") as out:
            while True:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                chunk = resp.read(1 << 20)
                if not chunk:
                    break
                out.write(chunk)
                have += len(chunk)
                yield have


def download_model(
    hub: str = "modelscope",
    dest: Path | None = None,
    *,
    cancel: CancelToken | None = None,
    timeout: float = 30.0,
    url_template: str | None = None,
) -> Generator[Progress, None, Path]:
    """Download the model files into ``dest`` (default: the model cache), resuming.

    Files land as ``<name>.part`` and are renamed when complete and of the size the
    server announced; a finished folder gets a small manifest. Cancel leaves the
    ``.part`` files so the next run resumes.
    """
    if hub not in HUBS:
        raise DownloadError(f"Unknown hub '{hub}'.", hint=f"Choose one of: {', '.join(HUBS)}.")
    source = HUBS[hub]
    if url_template:
        source = Hub(source.name, source.repo, url_template)
    dest = dest or default_model_dir()
    dest.mkdir(parents=True, exist_ok=True)
    files = [*REQUIRED_FILES, *OPTIONAL_FILES]
    announced = {f: _remote_info(source.url(f), timeout) for f in files}
    sizes: dict[str, int | None] = {f: size for f, (size, _) in announced.items()}
    total = sum(s for s in sizes.values() if s) or APPROX_SIZE_BYTES
    done_before = 0
    manifest = {}
    for name in files:
        final = dest / name
        expected = sizes[name]
        if final.is_file() and expected is not None and final.stat().st_size == expected:
            done_before += expected
            manifest[name] = expected
            continue
        part = dest / (name + ".part")
        try:
            for have in _fetch(source.url(name), part, expected, timeout, cancel):
                yield Progress("download", done_before + have, total, unit="bytes", message=name)
        except urllib.error.HTTPError as exc:
            if name in OPTIONAL_FILES and exc.code == 404:
                continue
            raise DownloadError(f"Downloading {name} from {source.name} failed: HTTP {exc.code}.") from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or str(exc) or type(exc).__name__
            have = part.stat().st_size if part.exists() else 0
            if have:
                raise DownloadError(
                    f"The download of {name} from {source.name} broke off after {have:,} bytes ({reason})."
                ) from exc
            raise DownloadError(
                f"Cannot reach {source.name} to download {name} ({reason}); are you offline?"
            ) from exc
        got = part.stat().st_size
        if expected is not None and got != expected:
            if got > expected:  # longer than the file: not a piece of it, so the next try starts afresh
                part.unlink(missing_ok=True)
            raise DownloadError(f"{name} arrived with {got:,} of {expected:,} bytes.")
        sha256 = announced[name][1]
        if sha256 is not None and _file_sha256(part) != sha256:
            part.unlink(missing_ok=True)
            raise DownloadError(
                f"{name} arrived damaged: its SHA-256 is not the one {source.name} announced. "
                "The damaged copy was deleted, so the next try downloads it afresh."
            )
        os.replace(part, final)
        done_before += got
        manifest[name] = got
    (dest / MANIFEST).write_text(json.dumps({"hub": source.name, "repo": source.repo, "files": manifest}))
    yield Progress("download", total, total, unit="bytes")
    return check_model_dir(dest)


def remove_model(folder: Path | None = None) -> None:
    shutil.rmtree(folder or default_model_dir(), ignore_errors=True)
