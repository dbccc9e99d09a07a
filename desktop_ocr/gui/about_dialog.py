"""Help › About: the version, what the application uses, its licence and the third-party notices
(``desktop_ocr.notices``: the file shipped in a bundle, or built from the installed packages)."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_ocr import __version__


def tr(text: str) -> str:
    return QCoreApplication.translate("AboutDialog", text)


def _onnxruntime_version() -> str:
    try:
        import onnxruntime

        return onnxruntime.__version__
    except ImportError:  # pragma: no cover - a dependency
        return "?"


class NoticesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from desktop_ocr.notices import notices_text

        self.setWindowTitle(tr("Third-party notices"))
        intro = QLabel(
            tr("The software Desktop OCR uses and their licences (in their original English):"), self
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(notices_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.text)
        lay.addWidget(buttons)
        self.resize(760, 560)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("About Desktop OCR"))
        title = QLabel(f"<h2>Desktop OCR {__version__}</h2>", self)
        body = QLabel(
            "<p>"
            + tr(
                "Local, offline OCR for screenshots, documents and video frames. Nothing leaves your computer."
            )
            + "</p><p>"
            + tr(
                "Text recognition: PP-OCRv4 models on ONNX Runtime {0}. Interface: Qt {1} (PySide6). Python {2}."
            ).format(_onnxruntime_version(), pyside_version, platform.python_version())
            + "</p><p>"
            + tr("Licence: Apache-2.0. It uses other free software under their own licences.")
            + "</p>",
            self,
        )
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notices_button = QPushButton(tr("Third-party notices…"), self)
        self.notices_button.clicked.connect(self.show_notices)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.notices_button, QDialogButtonBox.ButtonRole.ActionRole)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(body)
        lay.addWidget(buttons)
        self.setMinimumWidth(480)
        self.notices: NoticesDialog | None = None

    def show_notices(self) -> NoticesDialog:
        if self.notices is None:
            self.notices = NoticesDialog(self)
        self.notices.show()
        self.notices.raise_()
        return self.notices
