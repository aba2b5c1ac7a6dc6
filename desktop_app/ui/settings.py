"""Persisted preferences (QSettings): model, device, UI language, recent files, layout."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 10


class Settings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.q = settings or QSettings("Cutmark", "Cutmark")

    def _get(self, key: str, default, kind=str):
        value = self.q.value(key, default)
        if kind is bool:
            return value in (True, "true", "1", 1)
        return kind(value) if value is not None else default

    @property
    def model_dir(self) -> str:
        return self._get("model/dir", "")

    @model_dir.setter
    def model_dir(self, value: str) -> None:
        self.q.setValue("model/dir", value)

    @property
    def device(self) -> str:
        return self._get("model/device", "auto")

    @device.setter
    def device(self, value: str) -> None:
        self.q.setValue("model/device", value)

    @property
    def vad_only(self) -> bool:
        return self._get("model/vad_only", False, bool)

    @vad_only.setter
    def vad_only(self, value: bool) -> None:
        self.q.setValue("model/vad_only", bool(value))

    @property
    def model_choice_made(self) -> bool:
        return self._get("model/choice_made", False, bool)

    @model_choice_made.setter
    def model_choice_made(self, value: bool) -> None:
        self.q.setValue("model/choice_made", bool(value))

    @property
    def language(self) -> str:
        return self._get("ui/language", "system")

    @language.setter
    def language(self, value: str) -> None:
        self.q.setValue("ui/language", value)

    @property
    def theme(self) -> str:
        """'dark' (the editor look, the default) or 'light'."""
        value = self._get("ui/theme", "dark")
        return value if value in ("dark", "light") else "dark"

    @theme.setter
    def theme(self, value: str) -> None:
        self.q.setValue("ui/theme", value)

    def recent_files(self) -> list[str]:
        value = self.q.value("recent/files", [])
        if isinstance(value, str):
            value = [value]
        return [v for v in (value or []) if v]

    def add_recent(self, path: str) -> list[str]:
        path = str(Path(path).resolve())
        files = [path] + [p for p in self.recent_files() if p != path]
        self.q.setValue("recent/files", files[:MAX_RECENT])
        return files[:MAX_RECENT]

    def open_folder(self) -> str:
        """Where File › Open starts: the folder of the file opened last ("" for the default)."""
        for f in self.recent_files():
            if Path(f).parent.is_dir():
                return str(Path(f).parent)
        return ""

    def clear_recent(self) -> None:
        self.q.setValue("recent/files", [])

    # the batch dialog: where results went, and which subtitle formats, last time
    @property
    def batch_out(self) -> str:
        return self._get("batch/out", "")

    @batch_out.setter
    def batch_out(self, value: str) -> None:
        self.q.setValue("batch/out", value)

    @property
    def batch_formats(self) -> list[str]:
        value = self.q.value("batch/formats", ["srt"])
        if isinstance(value, str):
            value = [value] if value else []
        return [v for v in (value or []) if v]

    @batch_formats.setter
    def batch_formats(self, value: list[str]) -> None:
        self.q.setValue("batch/formats", list(value) or "")
