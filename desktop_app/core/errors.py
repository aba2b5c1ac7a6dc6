"""Typed errors raised by the library. Only the CLI and the UI turn them into messages.

Every error carries a ``hint``: the next step a user can take.
"""

from __future__ import annotations


class CutmarkError(Exception):
    """Base class. ``str(err)`` says what happened; ``err.hint`` says what to do next."""

    hint: str = ""

    def __init__(self, message: str, *, hint: str | None = None, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint
        self.path = path


class Cancelled(CutmarkError):
    """The user asked to stop. Not a failure: nothing half-written is left behind."""

    hint = ""


# --- media -------------------------------------------------------------------


class MediaError(CutmarkError):
    hint = "Check that the file plays in a media player, or re-export it from your editor."


class UnreadableMediaError(MediaError):
    """The container cannot be opened or parsed (random bytes, wrong extension, ...)."""


class MediaNotFoundError(UnreadableMediaError):
    """No file at the path given (a typo, or the file was moved)."""

    hint = "Check the path and its spelling."


class EmptyMediaError(MediaError):
    """Zero bytes, or a container with no decodable duration."""

    hint = "The file is empty; copy it again from the camera or recorder."


class NoAudioTrackError(MediaError):
    hint = "Cutmark needs an audio track; pick a file that has sound."


class AudioTrackIndexError(MediaError):
    hint = "Run 'cutmark probe FILE' to list the audio tracks and choose one of them."


class UnsupportedCodecError(MediaError):
    hint = "Convert the audio to AAC, MP3, WAV or FLAC and try again."


class TruncatedMediaError(MediaError):
    """The file ends before its header says it should (an interrupted copy or recording)."""

    hint = "The file looks cut off; copy it again or re-export it, then retry."


# --- models ------------------------------------------------------------------


class ModelError(CutmarkError):
    hint = "Run 'cutmark models download', pass '--model DIR', or use '--vad-only'."


class ModelNotFoundError(ModelError):
    pass


class ModelIncompleteError(ModelError):
    """A model folder lacks a file, or its weights do not match the model's shape."""

    hint = "Delete the folder and run 'cutmark models download' again, or choose a complete folder."


class DownloadError(ModelError):
    # 'cutmark models download' replaces this with the exact command and folder (models_cmd.py)
    hint = (
        "Check the network connection and run 'cutmark models download' again (it resumes), "
        "or copy a SenseVoiceSmall folder from a machine that has one and pass '--model DIR'."
    )


class DeviceError(CutmarkError):
    hint = "Use '--device cpu', or check the GPU driver and that the CUDA build of torch is installed."


# --- projects and output ----------------------------------------------------


class ProjectError(CutmarkError):
    hint = "The project file was not changed. Open the video again to make a new project."


class ProjectNotFoundError(ProjectError):
    """No project file at the path given."""

    hint = (
        "Check the path: a project is the <name>.cutmark.json file that 'cutmark process' "
        "writes beside the video (or into its '--out' folder)."
    )


class ProjectVersionError(ProjectError):
    hint = "The project was written by a newer Cutmark; update Cutmark to open it."


class OutputExistsError(CutmarkError):
    hint = "Pass '--overwrite' to replace it, or choose another '--out' folder."


class OutputError(CutmarkError):
    hint = "Choose a folder you can write to, with free space, using '--out DIR'."


class ExportError(CutmarkError):
    hint = "Run 'cutmark export --help' to see the formats and options."
