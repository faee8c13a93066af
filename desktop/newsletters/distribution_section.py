"""Who receives an issue: postal labels and e-mail recipients, who is left out, the print run; labels and the list.

The counts are worked out from today's register off the GUI thread (``desktop.newsletters.printing``) and shown
when ready. Once an issue's labels are printed, its print run is the labels printed plus the extra copies, and no
longer changes as members come and go.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from db.core.i18n import _, format_count, format_day, ngettext
from db.newsletters.issues import IssueRow
from desktop.newsletters.common import MUTED_COLOR, WARNING_COLOR
from desktop.newsletters.printing import ReaderCounts, export_mailing_list, print_labels, print_test_sheet
from desktop.shell.context import ShellContext

READERS, POST, EMAIL, NO_ADDRESS, UNREACHED, PRINT_RUN = range(6)


class DistributionSection(QWidget):
    """The counts of the issue's readers by channel, and Print labels… / Export mailing list…."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.issue: IssueRow | None = None
        self.counts: ReaderCounts | None = None
        self.names = [QLabel() for _row in range(6)]
        self.values = [QLabel() for _row in range(6)]
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        for row, (name, value) in enumerate(zip(self.names, self.values, strict=True)):
            name.setStyleSheet("font-weight: 600;")
            value.setWordWrap(True)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {MUTED_COLOR};")
        self.labels_button = QPushButton()
        self.labels_button.clicked.connect(lambda: self.print_labels())
        self.mailing_button = QPushButton()
        self.mailing_button.clicked.connect(self.export_mailing_list)
        buttons = QHBoxLayout()
        buttons.addWidget(self.labels_button)
        buttons.addWidget(self.mailing_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        for label, text in zip(
            self.names,
            (
                _("Readers"),
                _("By post"),
                _("By e-mail"),
                _("No postal address"),
                _("Not reached"),
                _("Print run"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.names[NO_ADDRESS].setToolTip(_("Readers who would get the paper by post but have no postal address"))
        self.names[UNREACHED].setToolTip(_("Readers who said no to the paper by post and get no e-mail copy"))
        self.note.setText(
            _(
                "Members get the paper by e-mail when they gave consent and have a valid address, by post when they "
                "want it by post or get no e-mail copy; one label per household. The counts are today's."
            )
        )
        self.labels_button.setText(_("&Print labels…"))
        self.labels_button.setToolTip(_("Address labels on an A4 sheet of labels, sorted by postal code; a test sheet"))
        self.mailing_button.setText(_("Export &mailing list…"))
        self.mailing_button.setToolTip(_("The e-mail recipients as CSV for the mailing service"))
        self._show()

    def show_issue(self, issue: IssueRow | None, counts: ReaderCounts | None) -> None:
        self.issue = issue
        self.counts = (
            counts
            if issue is not None and counts is not None and counts.publication_id == issue.publication_id
            else None
        )
        self._show()

    def _show(self) -> None:
        issue, counts = self.issue, self.counts
        self.labels_button.setEnabled(issue is not None)
        self.mailing_button.setEnabled(issue is not None)
        waiting = _("Counting…") if issue is not None else ""
        if counts is None:
            for value in self.values[:PRINT_RUN]:
                value.setText(waiting)
        else:
            self.values[READERS].setText(format_count(counts.readers))
            self.values[POST].setText(
                ngettext(
                    "{labels} label for {people} people", "{labels} labels for {people} people", counts.labels
                ).format(labels=format_count(counts.labels), people=format_count(counts.postal_people))
            )
            self.values[EMAIL].setText(format_count(counts.emails))
            for index, count in ((NO_ADDRESS, counts.no_address), (UNREACHED, counts.unreached)):
                self.values[index].setText(format_count(count))
                self.values[index].setStyleSheet(f"color: {WARNING_COLOR};" if count else "")
        self.values[PRINT_RUN].setText(self._print_run())

    def _print_run(self) -> str:
        issue, counts = self.issue, self.counts
        if issue is None:
            return ""
        if issue.postal_copies is not None:
            postal, how = issue.postal_copies, _("as the labels were printed")
        elif counts is not None:
            postal, how = counts.labels, _("as of {day}").format(day=format_day(counts.day))
        else:
            return _("Counting…")
        return _("{postal} by post + {extra} extra = {total} ({how})").format(
            postal=format_count(postal),
            extra=format_count(issue.extra_copies),
            total=format_count(postal + issue.extra_copies),
            how=how,
        )

    # ------------------------------------------------------------------------------------------------ actions
    def export_mailing_list(self) -> None:
        issue = self.issue
        if issue is None:
            return
        suggested = str(Path.home() / f"{issue.name.replace(' ', '-').replace('/', '-')}.csv")
        name, _filter = QFileDialog.getSaveFileName(self, _("Export mailing list"), suggested, _("CSV files (*.csv)"))
        if not name:
            return
        target = Path(name) if name.lower().endswith(".csv") else Path(name + ".csv")
        export_mailing_list(self.context, self, issue.id, target)

    def print_labels(self) -> None:
        """Ask for the sheet, offset and labels to leave empty; then print the labels, or a test sheet."""
        from desktop.newsletters.labels_dialog import TEST, LabelsDialog

        issue = self.issue
        if issue is None:
            return
        dialog = LabelsDialog(self.context, issue.name, self.counts.labels if self.counts else None, self)
        if not dialog.exec():
            return
        layout = dialog.chosen_layout()
        if dialog.action == TEST:
            print_test_sheet(self.context, self, layout)
        else:
            print_labels(
                self.context, self, issue.id, layout, skip=dialog.skip.value(), outline=dialog.outline.isChecked()
            )
