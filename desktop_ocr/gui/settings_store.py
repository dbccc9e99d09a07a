"""QSettings behind the settings declared once in ``desktop_ocr.settings``.

With ``--config-dir`` the settings file and the session data live in that folder (tests use it);
otherwise QSettings' native location and QStandardPaths' application data folder are used.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Signal

from desktop_ocr import settings as decl

logger = logging.getLogger(__name__)


class SettingsStore(QObject):
    changed = Signal(str)  # setting name

    def __init__(
        self,
        config_dir: str | None = None,
        overrides: dict[str, Any] | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        if config_dir:
            self.config_dir = Path(config_dir)
            self.config_dir.mkdir(parents=True, exist_ok=True)
            self.qsettings = QSettings(str(self.config_dir / "settings.ini"), QSettings.Format.IniFormat)
            self.data_dir = self.config_dir / "data"
        else:
            self.qsettings = QSettings()
            self.config_dir = Path(self.qsettings.fileName()).parent
            self.data_dir = Path(
                QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
            )
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # command-line flags win for this run but are not saved
        self.overrides = {k: v for k, v in (overrides or {}).items() if v is not None}

    def get(self, name: str) -> Any:
        if name in self.overrides:
            return decl.coerce(decl.BY_NAME[name], self.overrides[name])
        s = decl.BY_NAME[name]
        return decl.coerce(s, self.qsettings.value(name, s.default))

    def set(self, name: str, value: Any) -> None:
        s = decl.BY_NAME[name]
        value = decl.coerce(s, value)
        self.overrides.pop(name, None)
        if self.get(name) == value and self.qsettings.contains(name):
            return
        self.qsettings.setValue(name, value)
        self.qsettings.sync()
        self.changed.emit(name)

    def state(self, name: str) -> Any:
        """A value the app remembers itself (``desktop_ocr.settings.STATE``), not a user setting."""
        s = decl.STATE_BY_NAME[name]
        return decl.coerce(s, self.qsettings.value(name, s.default))

    def set_state(self, name: str, value: Any) -> None:
        decl.STATE_BY_NAME[name]  # a KeyError for an undeclared key
        self.qsettings.setValue(name, value)

    def sync(self) -> None:
        self.qsettings.sync()

    def all(self) -> dict[str, Any]:
        return {s.name: self.get(s.name) for s in decl.SETTINGS}
