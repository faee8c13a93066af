"""Mentor pairs: the district's suggestions with their reasons (confirmed one by one), and ending a pair."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.branches.mentoring import (
    MentorPairRecord,
    MentorSuggestion,
    confirm_mentor_pair,
    end_mentor_pair,
    suggest_mentor_pairs,
)
from db.core.errors import KansliError
from db.core.i18n import N_, Label, _, format_day
from desktop.branches.forms import FormDialog, date_edit, date_of, save_change
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import FieldError


class SuggestionCard(QFrame):
    """One suggested pair: who would mentor whom, why, and a Confirm button."""

    def __init__(self, suggestion: MentorSuggestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggestion = suggestion
        self.confirmed = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.title.setWordWrap(True)
        self.reason = QLabel(suggestion.reason)
        self.reason.setWordWrap(True)
        self.error = FieldError()
        self.confirm_button = QPushButton()
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.reason)
        text.addWidget(self.error)
        layout = QHBoxLayout(self)
        layout.addLayout(text, 1)
        layout.addWidget(self.confirm_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(
            _("{mentor} ({mentor_grade}) mentors {mentee} ({mentee_grade})").format(
                mentor=self.suggestion.mentor_name,
                mentor_grade=self.suggestion.mentor_grade,
                mentee=self.suggestion.mentee_name,
                mentee_grade=self.suggestion.mentee_grade,
            )
        )
        self.confirm_button.setText(_("Confirmed") if self.confirmed else _("Confirm"))
        self.confirm_button.setToolTip(_("The branches have agreed: store this pair"))

    def mark_confirmed(self) -> None:
        """Show that the pair was stored; it cannot be confirmed twice."""
        self.confirmed = True
        self.confirm_button.setEnabled(False)
        self.error.show_message(None)
        self.retranslate()


class MentorSuggestionsDialog(QDialog):
    """The district's mentor pair suggestions for this year; each is confirmed on its own when agreed."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        today = context.today()
        with context.database.reading() as session:
            suggestions = suggest_mentor_pairs(session, today.year, on=today)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.start_label = QLabel()
        self.starts_on = date_edit(context.today())
        self.start_label.setBuddy(self.starts_on)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setVisible(not suggestions)
        self.cards = [SuggestionCard(suggestion) for suggestion in suggestions]
        for card in self.cards:
            card.confirm_button.clicked.connect(lambda _checked=False, chosen=card: self.confirm(chosen))
        inner = QWidget()
        cards = QVBoxLayout(inner)
        for card in self.cards:
            cards.addWidget(card)
        cards.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setVisible(bool(suggestions))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        start = QFormLayout()
        start.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        start.addRow(self.start_label, self.starts_on)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(start)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 520)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Mentor pair suggestions"))
        self.intro.setText(
            _(
                "Branches that graded themselves 8–10 can mentor branches that graded themselves 5–7. "
                "Agree on a pair with both branches, then confirm it here."
            )
        )
        self.start_label.setText(_("Confirmed pairs start on"))
        self.empty.setText(
            _(
                "No suggestions: every branch graded 5–7 has a mentor, or no mentor branch (graded 8–10) has room. "
                "Grades of this year and last year count."
            )
        )
        for card in self.cards:
            card.retranslate()

    def confirm(self, card: SuggestionCard) -> bool:
        """Store the pair of ``card``; a refusal (the mentee got a mentor meanwhile) is shown on the card."""
        if card.confirmed:
            return False
        mentor_id, mentee_id, started_on = card.suggestion.mentor_id, card.suggestion.mentee_id, date_of(self.starts_on)
        try:
            save_change(
                self.context,
                Label(N_("Confirm mentor pair")),
                lambda session: confirm_mentor_pair(session, mentor_id, mentee_id, started_on),
            )
        except KansliError as error:
            card.error.show_message(str(error))
            return False
        card.mark_confirmed()
        return True


class EndPairDialog(FormDialog):
    """Record the day a mentor pair stopped working together."""

    def __init__(self, context: ShellContext, pair: MentorPairRecord, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.pair = pair
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.form.addRow(self.summary)
        self.ended_on = date_edit(max(context.today(), pair.started_on))
        self.add_row("ended_on", self.ended_on)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("End mentor pair"))
        self.summary.setText(
            _("{mentor} has mentored {mentee} since {start}.").format(
                mentor=self.pair.mentor_name, mentee=self.pair.mentee_name, start=format_day(self.pair.started_on)
            )
        )
        self.labels["ended_on"].setText(_("Last day"))

    def save(self) -> None:
        pair_id, ended_on = self.pair.id, date_of(self.ended_on)
        save_change(
            self.context, Label(N_("End mentor pair")), lambda session: end_mentor_pair(session, pair_id, ended_on)
        )
