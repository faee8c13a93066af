"""Every printout opens here first: a preview with Print and Save buttons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.core.errors import KansliError
from db.core.files import write_file_atomically
from db.core.i18n import _, ngettext
from desktop.shell.messages import show_error


class PdfPreviewDialog(QDialog):
    """Shows a PDF made by a report builder; prints it on paper or saves it as a file."""

    def __init__(self, pdf: bytes, title: str, suggested_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(820, 900)
        self._pdf = pdf
        self._suggested_name = suggested_name
        self.saved_to: Path | None = None
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        pages = self.document.pageCount()
        self.pages_label = QLabel(ngettext("{count} page", "{count} pages", pages).format(count=pages))
        buttons = QDialogButtonBox(self)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setDefault(True)
        self.save_button = QPushButton(_("Save as PDF…"))
        close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close_button.setText(_("Close"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_document)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_document)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.pages_label)
        layout.addWidget(buttons)

    def save_document(self) -> None:
        """Ask where and write the PDF there."""
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), str(Path.home() / self._suggested_name), _("PDF files (*.pdf)")
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            # Complete or not at all: a full disk leaves neither half a PDF nor a temporary file behind.
            write_file_atomically(path, self._pdf)
        except KansliError as error:
            show_error(self, _("Save as PDF"), error)
            return
        self.saved_to = path

    def print_document(self) -> None:
        """Print every page on a printer the user chooses."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        render_to_printer(self.document, printer)


def render_to_printer(document: QPdfDocument, printer: QPrinter) -> None:
    """Draw each page of ``document`` on ``printer``, scaled to the printable area."""
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        # Only the pages the user chose in the print dialog (all when no range was set).
        first = max(printer.fromPage(), 1) - 1
        last = (printer.toPage() or document.pageCount()) - 1
        resolution = printer.resolution()
        for index in range(first, min(last, document.pageCount() - 1) + 1):
            if index > first:
                printer.newPage()
            page_points = document.pagePointSize(index)
            target = QSize(int(page_points.width() / 72 * resolution), int(page_points.height() / 72 * resolution))
            image = document.render(index, target)
            area = painter.viewport()
            scaled = target.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(
                QPointF(0, 0),
                image.scaled(scaled, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation),
            )
    finally:
        painter.end()
