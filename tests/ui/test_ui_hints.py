"""In the window, an error's next step says what to click, never what to type (issue #12,
item 14): no "cutmark ..." commands and no "--flags" reach a dialog or the status bar."""

from __future__ import annotations

import importlib
import os
import re

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from desktop_app.core.errors import CutmarkError, DownloadError, ModelIncompleteError, ModelNotFoundError  # noqa: E402
from desktop_app.transcribe import models  # noqa: E402
from desktop_app.transcribe.devices import resolve_device  # noqa: E402

COMMAND_LINE = re.compile(r"cutmark [a-z]|--[a-z]")
# the modules that define error types of their own
for _module in ("desktop_app.edit.plan", "desktop_app.edit.transcript_edits", "desktop_app.media.render"):
    importlib.import_module(_module)


def _all_error_types(cls=CutmarkError):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_error_types(sub)


def _raised(fn, *args, **kwargs) -> CutmarkError:
    with pytest.raises(CutmarkError) as info:
        result = fn(*args, **kwargs)
        if hasattr(result, "__next__"):  # a stage generator: run it
            for _ in result:
                pass
    return info.value


@pytest.fixture
def real_errors(tmp_path, monkeypatch):
    """Errors raised by the real code paths a window user meets, with their own hints."""
    monkeypatch.setenv("CUTMARK_MODELS_DIR", str(tmp_path / "models"))
    partial = tmp_path / "partial"
    partial.mkdir()
    (partial / "config.yaml").write_text("model: SenseVoiceSmall\n")
    return [
        _raised(models.resolve_model, None),  # not downloaded yet
        _raised(models.resolve_model, "no/SuchModel"),
        _raised(models.check_model_dir, partial),  # a folder missing files
        _raised(
            models.download_model,
            "modelscope",
            tmp_path / "dl",
            url_template="http://127.0.0.1:9/{repo}/{file}",
        ),
        _raised(resolve_device, "tpu"),
    ]


def test_errors_that_speak_command_line_get_window_words(qapp, real_errors):
    from desktop_app.ui.hints import ui_hint

    assert [type(e) for e in real_errors][:4] == [
        ModelNotFoundError,
        ModelNotFoundError,
        ModelIncompleteError,
        DownloadError,
    ]
    assert all(COMMAND_LINE.search(e.hint) for e in real_errors[:4])  # what the CLI shows
    for exc in real_errors:
        hint = ui_hint(exc)
        assert hint and not COMMAND_LINE.search(hint), (type(exc).__name__, hint)
    assert "Speech model…" in ui_hint(real_errors[0]) and "Download" in ui_hint(real_errors[0])
    assert "Choose folder…" in ui_hint(real_errors[3])


def test_no_error_type_shows_a_command_or_a_flag_in_the_window(qapp):
    from desktop_app.ui.hints import ui_hint

    types = list(_all_error_types())
    assert len(types) > 15
    for cls in types:
        hint = ui_hint(cls("something went wrong"))
        assert not COMMAND_LINE.search(hint), (cls.__name__, hint)


def test_a_failed_job_reports_the_window_hint(qtbot, real_errors):
    from desktop_app.ui.jobs import Job

    def work(cancel):
        yield from ()
        models.resolve_model(None)  # raises: the model is not downloaded

    job = Job("analyse", work)
    with qtbot.waitSignal(job.failed, timeout=10_000) as failed:
        job.start()
    job.wait()
    message, hint = failed.args
    assert "not downloaded" in message
    assert "Speech model…" in hint and not COMMAND_LINE.search(hint)


def test_window_hints_follow_the_language(qapp, real_errors):
    from desktop_app.ui import i18n
    from desktop_app.ui.hints import ui_hint

    try:
        assert i18n.install("zh_CN") == "zh_CN"
        for exc in real_errors:
            hint = ui_hint(exc)
            assert re.search(r"[\u4e00-\u9fff]", hint) and not COMMAND_LINE.search(hint), hint
    finally:
        i18n.install("en")
