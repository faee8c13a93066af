"""The branch survey (osastokartoitus): the grade 1–10 the branch gave itself each year, with notes."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from db.branches.common import YEAR_MAX, YEAR_MIN
from db.branches.detail import BranchDetail
from db.branches.mentoring import MENTEE_GRADES, MENTOR_GRADES
from db.branches.survey import SurveyGradeRecord, record_survey_grade, update_survey_grade
from db.branches.work_models import GRADE_MAX, GRADE_MIN
from db.core.i18n import N_, Label, _, format_day
from desktop.branches.forms import FormDialog, date_edit, date_of, save_change
from desktop.branches.sections.section import Section, button_row, selected_row, table_of
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import ListColumn


def grade_meaning(grade: int) -> str:
    """What a grade means for mentoring, in words ("can mentor", "could have a mentor", "")."""
    if grade in MENTOR_GRADES:
        return _("can mentor another branch")
    if grade in MENTEE_GRADES:
        return _("could have a mentor branch")
    return ""


class SurveyGradeDialog(FormDialog):
    """Record a year's grade (``record`` None) or correct a recorded one (the year then stays)."""

    def __init__(
        self,
        context: ShellContext,
        branch_id: uuid.UUID,
        record: SurveyGradeRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.branch_id = branch_id
        self.record = record
        self.year = QSpinBox()
        self.year.setRange(YEAR_MIN, YEAR_MAX)
        self.year.setValue(record.year if record else context.today().year)
        self.year.setEnabled(record is None)
        self.grade = QSpinBox()
        self.grade.setRange(GRADE_MIN, GRADE_MAX)
        self.grade.setValue(record.grade if record else GRADE_MIN)
        self.meaning = QLabel()
        self.grade.valueChanged.connect(lambda value: self.meaning.setText(grade_meaning(value)))
        self.surveyed_on = date_edit(record.surveyed_on if record else context.today())
        self.notes = QPlainTextEdit((record.notes or "") if record else "")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(70)
        self.add_row("year", self.year)
        self.add_row("grade", self.grade)
        self.form.addRow("", self.meaning)
        self.add_row("surveyed_on", self.surveyed_on)
        self.add_row("notes", self.notes)
        self.retranslate()
        self.grade.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Survey grade"))
        for key, text in (
            ("year", _("Year")),
            ("grade", _("Grade (1–10)")),
            ("surveyed_on", _("Answered on")),
            ("notes", _("Notes")),
        ):
            self.labels[key].setText(text)
        self.year.setToolTip(_("Recording a year that already has a grade replaces it"))
        self.notes.setPlaceholderText(_("Needs for support, willingness to cooperate …"))
        self.meaning.setText(grade_meaning(self.grade.value()))

    def save(self) -> None:
        grade, surveyed_on, notes = self.grade.value(), date_of(self.surveyed_on), self.notes.toPlainText()
        if self.record is not None:
            grade_id = self.record.id
            save_change(
                self.context,
                Label(N_("Edit survey grade")),
                lambda session: update_survey_grade(session, grade_id, grade, surveyed_on, notes),
            )
            return
        branch_id, year = self.branch_id, self.year.value()
        save_change(
            self.context,
            Label(N_("Record survey grade")),
            lambda session: record_survey_grade(session, branch_id, year, grade, surveyed_on, notes),
        )


class SurveySection(Section):
    """The grades by year, the latest first; Record grade… and Edit…."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model, self.view = table_of(
            [
                ListColumn[SurveyGradeRecord](N_("Year"), lambda row: str(row.year)),
                ListColumn[SurveyGradeRecord](N_("Grade"), lambda row: str(row.grade)),
                ListColumn[SurveyGradeRecord](N_("Meaning"), lambda row: grade_meaning(row.grade)),
                ListColumn[SurveyGradeRecord](N_("Answered on"), lambda row: format_day(row.surveyed_on)),
                ListColumn[SurveyGradeRecord](N_("Notes"), lambda row: row.notes or ""),
            ],
            self,
        )
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.record_button = QPushButton()
        self.record_button.clicked.connect(self.record_grade)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(button_row(self.record_button, self.edit_button))
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.hint.setText(
            _("Each year the branch grades itself from 1 to 10. Branches graded 8–10 can mentor those graded 5–7.")
        )
        self.record_button.setText(_("Record grade…"))
        self.record_button.setToolTip(_("Record the grade of a year (this year unless you choose another)"))
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(_("Correct the selected grade, its day or notes"))
        self.model.retranslate()

    def show_detail(self, detail: BranchDetail) -> None:
        super().show_detail(detail)
        self.model.set_rows(detail.grades)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.record_button.setEnabled(self.detail is not None)
        self.edit_button.setEnabled(selected_row(self.model, self.view) is not None)

    def record_grade(self) -> None:
        """Record a grade; this year's grade, when there is one, opens for correcting instead."""
        if self.detail is None:
            return
        this_year = next((grade for grade in self.detail.grades if grade.year == self.context.today().year), None)
        SurveyGradeDialog(self.context, self.detail.id, this_year, self).exec()

    def edit_selected(self) -> None:
        """Correct the selected grade."""
        record = selected_row(self.model, self.view)
        if record is not None and self.detail is not None:
            SurveyGradeDialog(self.context, self.detail.id, record, self).exec()
