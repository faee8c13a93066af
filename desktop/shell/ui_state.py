"""What the window remembers between runs (QSettings): geometry, last tab, recent files, language.

Only state of the user interface lives here; the district's own settings are in the database.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from db.core.i18n import LANGUAGES

ORGANIZATION = "Kansli"
APPLICATION = "Kansli"
MAX_RECENT = 6


class UiState:
    """Typed access to the window's remembered state."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings(ORGANIZATION, APPLICATION)

    def geometry(self) -> QByteArray | None:
        value = self._settings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, value: QByteArray) -> None:
        self._settings.setValue("window/geometry", value)

    def last_tab(self) -> str:
        return str(self._settings.value("window/last_tab", "") or "")

    def set_last_tab(self, key: str) -> None:
        self._settings.setValue("window/last_tab", key)

    def language(self) -> str | None:
        value = str(self._settings.value("ui/language", "") or "")
        return value if value in LANGUAGES else None

    def set_language(self, language: str) -> None:
        self._settings.setValue("ui/language", language)

    def recent_files(self) -> list[Path]:
        value = self._settings.value("files/recent", [])
        items: list[object] = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        return [Path(item) for item in items if isinstance(item, str) and item]

    def add_recent_file(self, path: Path) -> None:
        resolved = path.expanduser().resolve()
        items = [resolved] + [item for item in self.recent_files() if item != resolved]
        self._settings.setValue("files/recent", [str(item) for item in items[:MAX_RECENT]])

    def last_database(self) -> Path | None:
        recent = self.recent_files()
        return recent[0] if recent else None

    def splitter_state(self, name: str) -> QByteArray | None:
        value = self._settings.value(f"splitters/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_splitter_state(self, name: str, value: QByteArray) -> None:
        self._settings.setValue(f"splitters/{name}", value)

    def header_state(self, name: str) -> QByteArray | None:
        value = self._settings.value(f"headers/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_header_state(self, name: str, value: QByteArray) -> None:
        self._settings.setValue(f"headers/{name}", value)

    def sync(self) -> None:
        self._settings.sync()
