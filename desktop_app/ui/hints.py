"""What to do next, in the window's words.

Library errors carry a ``hint`` written for the command line ("run 'cutmark models
download'", "pass '--model DIR'"). In the window those say what to click instead; a
hint that names a command or a flag and has no window wording is left out rather than
shown. Translated through :func:`t` when asked for, so a language switch applies.
"""

from __future__ import annotations

import re

from desktop_app.core.errors import (
    AudioTrackIndexError,
    CutmarkError,
    DeviceError,
    DownloadError,
    ExportError,
    ModelError,
    ModelIncompleteError,
    ModelNotFoundError,
    OutputError,
    OutputExistsError,
    ProjectNotFoundError,
)
from desktop_app.ui.i18n import t

# "cutmark models download", "'--model DIR'", "--device cpu": words of the command line
CLI_WORDS = re.compile(r"\bcutmark [a-z]|(?<![\w-])--[a-z]")


def _window_hints() -> dict[type[CutmarkError], str]:
    model = t(
        "Choose Analysis › Speech model… and click Download, or Choose folder… for a "
        "SenseVoiceSmall folder you have. Speech detection only works without the model."
    )
    return {
        ModelNotFoundError: model,
        ModelIncompleteError: t(
            "Choose Analysis › Speech model… and click Download to fetch the missing files (an "
            "interrupted download resumes), or Choose folder… for a complete SenseVoiceSmall folder."
        ),
        DownloadError: t(
            "Check the network connection and click Download again: it resumes where it stopped. "
            "Offline? Copy a SenseVoiceSmall folder from another computer and pick it with Choose folder…"
        ),
        ModelError: model,
        DeviceError: t("Choose Analysis › Speech model… and set Device to CPU, or check the GPU driver."),
        AudioTrackIndexError: t("Choose another audio track in the player's track list."),
        OutputExistsError: t("Choose another name or folder, or agree to replace the file."),
        OutputError: t("Choose a folder you can write to, with free space."),
        ExportError: t("Check the formats and options in File › Export…"),
        ProjectNotFoundError: t(
            "The project file was moved or deleted; open the video again to make a new project."
        ),
    }


def ui_hint(exc: CutmarkError) -> str:
    """The next step for ``exc`` in window terms: the window's own wording for its type (the
    nearest in its class's ancestry), else the library's hint unless it speaks command line."""
    hints = _window_hints()
    for cls in type(exc).__mro__:
        if cls in hints:
            return hints[cls]
    hint = exc.hint or ""
    return "" if CLI_WORDS.search(hint) else hint
