"""Printing an issue's address labels: the sheet, the printer's offset, labels already used, and a test sheet.

The sheet and the offset are the district's setting (``db.newsletters.labels``), kept when they change, so the
next printing starts from them; how many labels of the first sheet to leave empty (a sheet already partly used)
and whether to outline the labels belong to this printing only. "Test sheet" prints one sheet of outlined samples
on plain paper, to hold against a sheet of labels and see what offset to set.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.core.i18n import N_, Label, _, format_count, ngettext
from db.newsletters.labels import (
    LAYOUTS,
    MAX_OFFSET_MM,
    LabelLayout,
    LabelSettings,
    read_label_settings,
    write_label_settings,
)
from desktop.branches.forms import new_form
from desktop.meetings.fields import select_value
from desktop.newsletters.common import MUTED_COLOR, save_newsletter_change
from desktop.shell.context import ShellContext

PRINT, TEST = "print", "test"


def _offset_spin(value: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(-MAX_OFFSET_MM, MAX_OFFSET_MM)
    spin.setDecimals(1)
    spin.setSingleStep(0.5)
    spin.setSuffix(" mm")
    spin.setValue(value)
    return spin


class LabelsDialog(QDialog):
    """Choose the sheet and offset, then print the labels or a test sheet; :attr:`action` says which was asked."""

    def __init__(self, context: ShellContext, issue: str, labels: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.issue = issue
        self.labels_count = labels
        self.action: str | None = None
        with context.database.reading() as session:
            self.saved = read_label_settings(session)
        self.layout_box = QComboBox()
        for key, layout in LAYOUTS.items():
            self.layout_box.addItem(layout.title, key)
        select_value(self.layout_box, self.saved.layout)
        self.offset_x = _offset_spin(self.saved.offset_x)
        self.offset_y = _offset_spin(self.saved.offset_y)
        self.skip = QSpinBox()
        self.outline = QCheckBox()
        self.layout_box.currentIndexChanged.connect(lambda _index: self._layout_changed())
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {MUTED_COLOR};")
        form = new_form()
        self.row_labels = [QLabel() for _index in range(5)]
        for label, field in zip(
            self.row_labels, (self.layout_box, self.offset_x, self.offset_y, self.skip, self.outline), strict=True
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.print_button = QPushButton()
        self.print_button.setDefault(True)
        self.test_button = QPushButton()
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(lambda: self.choose(PRINT))
        self.test_button.clicked.connect(lambda: self.choose(TEST))
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.about)
        column.addLayout(form)
        column.addWidget(self.note)
        column.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._layout_changed()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Address labels: {issue}").format(issue=self.issue))
        if self.labels_count is None:
            self.about.setText(
                _("The labels of {issue}, one per household, sorted by postal code.").format(issue=self.issue)
            )
        else:
            self.about.setText(
                ngettext(
                    "{count} label of {issue}, one per household, sorted by postal code.",
                    "{count} labels of {issue}, one per household, sorted by postal code.",
                    self.labels_count,
                ).format(count=format_count(self.labels_count), issue=self.issue)
            )
        for label, text in zip(
            self.row_labels,
            (
                _("Label &sheet"),
                _("Move &right by"),
                _("Move &down by"),
                _("Leave &empty"),
                _("&Outline"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.layout_box.setToolTip(_("The label sheets sold in Finland and Sweden: labels across × down, their size"))
        self.offset_x.setToolTip(_("When the printer places the text too far left, move it right (negative: left)"))
        self.offset_y.setToolTip(_("When the printer places the text too high, move it down (negative: up)"))
        self.skip.setSuffix(" " + _("labels at the start of the first sheet"))
        self.skip.setToolTip(_("Labels already used on a sheet that is put in again"))
        self.outline.setText(_("Draw each label's outline (to check a print on plain paper)"))
        self.note.setText(
            _(
                "Print a test sheet on plain paper and hold it against a sheet of labels up to the light: the "
                "offset moves every label. The sheet and the offset are kept for the next printing."
            )
        )
        self.print_button.setText(_("&Print labels…"))
        self.test_button.setText(_("&Test sheet…"))
        self.test_button.setToolTip(_("One sheet of outlined sample labels, to check the printer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def _layout_changed(self) -> None:
        per_sheet = LAYOUTS[self.layout_box.currentData()].per_sheet
        self.skip.setRange(0, per_sheet - 1)

    def settings(self) -> LabelSettings:
        return LabelSettings(self.layout_box.currentData(), self.offset_x.value(), self.offset_y.value())

    def chosen_layout(self) -> LabelLayout:
        """The sheet chosen, with the offset applied."""
        return self.settings().chosen_layout()

    def choose(self, action: str) -> None:
        """Keep the settings if they changed, then close with ``action`` (print the labels, or a test sheet)."""
        settings = self.settings()
        if settings != self.saved:
            save_newsletter_change(
                self.context,
                Label(N_("Label settings")),
                lambda session: write_label_settings(session, settings),
            )
            self.saved = settings
        self.action = action
        self.accept()
