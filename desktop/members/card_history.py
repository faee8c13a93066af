"""The history of a member on the card: every logged change, newest first."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from db.core.i18n import N_, _, format_moment
from db.members.history import ORIGIN_LABELS, HistoryEntry
from desktop.shell.form_widgets import ListColumn, ListTableModel, small_table


class HistorySection(QWidget):
    """A read-only list of :class:`~db.members.history.HistoryEntry` rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: ListTableModel[HistoryEntry] = ListTableModel(
            [
                ListColumn(N_("When"), lambda entry: format_moment(entry.when)),
                ListColumn(N_("Action"), lambda entry: entry.label),
                ListColumn(N_("Change"), lambda entry: entry.summary),
            ],
            self,
            tooltip=lambda entry: f"{entry.summary}\n({_(ORIGIN_LABELS[entry.origin])})",
        )
        self.table = small_table(self.model)
        self.empty = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.retranslate()

    def retranslate(self) -> None:
        self.empty.setText(_("Nothing recorded yet. Changes appear here once the card is saved."))
        self.model.retranslate()

    def load(self, entries: list[HistoryEntry]) -> None:
        """Show ``entries`` (already newest first)."""
        self.model.set_rows(entries)
        self.empty.setVisible(not entries)

    def summaries(self) -> list[str]:
        """The change lines shown, top to bottom."""
        return [entry.summary for entry in self.model.rows()]
