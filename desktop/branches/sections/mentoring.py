"""A branch's mentor pairs: the branches it mentors and the one mentoring it, running pairs first."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from db.branches.detail import BranchDetail
from db.branches.mentoring import MentorPairRecord
from db.core.i18n import N_, _, format_day
from desktop.branches.mentor_dialogs import EndPairDialog, MentorSuggestionsDialog
from desktop.branches.sections.section import Section, button_row, selected_row, table_of
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import ListColumn


@dataclass(frozen=True)
class PairRow:
    """A pair as seen from the branch shown: ``as_mentor`` is True when this branch is the mentor."""

    pair: MentorPairRecord
    as_mentor: bool
    running: bool

    @property
    def other_name(self) -> str:
        return self.pair.mentee_name if self.as_mentor else self.pair.mentor_name


def _relation(row: PairRow) -> str:
    return _("Mentors") if row.as_mentor else _("Is mentored by")


class MentoringSection(Section):
    """Pairs of this branch (ended ones in italics), End pair… and the district's Suggestions…."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model, self.view = table_of(
            [
                ListColumn[PairRow](N_("This branch"), _relation),
                ListColumn[PairRow](N_("Branch"), lambda row: row.other_name),
                ListColumn[PairRow](N_("From"), lambda row: format_day(row.pair.started_on)),
                ListColumn[PairRow](N_("Until"), lambda row: format_day(row.pair.ended_on)),
                ListColumn[PairRow](N_("Notes"), lambda row: row.pair.notes or ""),
            ],
            self,
            italic=lambda row: not row.running,
        )
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.end_button = QPushButton()
        self.end_button.clicked.connect(self.end_selected)
        self.suggest_button = QPushButton()
        self.suggest_button.clicked.connect(self.show_suggestions)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(button_row(self.end_button, self.suggest_button))
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.end_button.setText(_("End pair…"))
        self.end_button.setToolTip(_("Record the day the selected pair stopped working together"))
        self.suggest_button.setText(_("Suggestions…"))
        self.suggest_button.setToolTip(
            _("Mentor pairs the program suggests for the whole district, with the reasons; confirm the agreed ones")
        )
        self.model.retranslate()
        self._show_summary()

    def show_detail(self, detail: BranchDetail) -> None:
        super().show_detail(detail)
        today = self.context.today()
        rows = [PairRow(pair, True, pair.ended_on is None or pair.ended_on >= today) for pair in detail.mentees]
        rows += [PairRow(pair, False, pair.ended_on is None or pair.ended_on >= today) for pair in detail.mentors]
        # Running pairs first; within each group the latest started first, as the data layer gave them.
        rows.sort(key=lambda row: not row.running)
        self.model.set_rows(rows)
        self._show_summary()
        self._update_buttons()

    def _show_summary(self) -> None:
        rows = [row for row in self.model.rows() if row.running]
        if not rows:
            self.summary.setText(_("This branch has no mentor pair running."))
            return
        mentees = [row.other_name for row in rows if row.as_mentor]
        mentors = [row.other_name for row in rows if not row.as_mentor]
        parts = []
        if mentors:
            parts.append(_("Mentored by {names}.").format(names=", ".join(mentors)))
        if mentees:
            parts.append(_("Mentors {names}.").format(names=", ".join(mentees)))
        self.summary.setText(" ".join(parts))

    def _update_buttons(self) -> None:
        row = selected_row(self.model, self.view)
        self.end_button.setEnabled(row is not None and row.running)

    def end_selected(self) -> None:
        """Ask for the last day of the selected running pair."""
        row = selected_row(self.model, self.view)
        if row is not None and row.running:
            EndPairDialog(self.context, row.pair, self).exec()

    def show_suggestions(self) -> None:
        """Open the district's suggestions (confirming one there refreshes this page through the events)."""
        MentorSuggestionsDialog(self.context, self).exec()
