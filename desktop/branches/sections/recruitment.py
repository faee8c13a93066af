"""The recruitment challenge: the three actions the district challenges the branch to take this year.

The status of an action (planned, done, cancelled) is changed in place — it is what changes during the year —
while titles and dates are set in a dialog.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.branches.detail import BranchDetail
from db.branches.work_models import RECRUITMENT_ACTIONS_PER_YEAR, RECRUITMENT_STATUS_LABELS, RecruitmentStatus
from db.branches.yearly import (
    RecruitmentActionData,
    RecruitmentActionRecord,
    set_recruitment_actions,
    set_recruitment_status,
)
from db.core.errors import KansliError, ValidationError
from db.core.i18n import N_, Label, _, format_day
from desktop.branches.forms import FormDialog, enum_combo, label_combo, save_change, select_data
from desktop.branches.sections.section import Section, button_row
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import OptionalDateEdit, set_invalid
from desktop.shell.messages import show_error

_NUMBERS = range(1, RECRUITMENT_ACTIONS_PER_YEAR + 1)


class RecruitmentDialog(FormDialog):
    """The titles and planned days of a year's actions; a row left empty at the end is no action."""

    def __init__(
        self,
        context: ShellContext,
        branch_id: uuid.UUID,
        year: int,
        actions: tuple[RecruitmentActionRecord, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.branch_id = branch_id
        self.year = year
        self.existing = {action.number: action for action in actions}
        self.titles: list[QLineEdit] = []
        self.dates: list[OptionalDateEdit] = []
        for number in _NUMBERS:
            action = self.existing.get(number)
            title = QLineEdit(action.title if action else "")
            title.setMaxLength(200)
            planned = OptionalDateEdit()
            planned.set_value(action.planned_on if action else None)
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(title, 3)
            layout.addWidget(planned, 2)
            self.titles.append(title)
            self.dates.append(planned)
            self.add_row(f"action{number}", row)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Recruitment challenge {year}").format(year=self.year))
        for number, title in zip(_NUMBERS, self.titles, strict=True):
            self.labels[f"action{number}"].setText(_("Action {number}").format(number=number))
            title.setPlaceholderText(_("What the branch will do, e.g. a stand at the market"))
        for planned in self.dates:
            planned.retranslate()
            planned.setToolTip(_("The day the action is planned for"))

    def action_data(self) -> list[RecruitmentActionData]:
        """The actions typed, without the empty rows at the end; statuses and notes stay as they were."""
        count = max(
            (number for number, title in zip(_NUMBERS, self.titles, strict=True) if title.text().strip()), default=0
        )
        actions = []
        for number in range(1, count + 1):
            before = self.existing.get(number)
            actions.append(
                RecruitmentActionData(
                    title=self.titles[number - 1].text(),
                    planned_on=self.dates[number - 1].value(),
                    status=before.status if before else RecruitmentStatus.PLANNED,
                    notes=before.notes if before else None,
                )
            )
        return actions

    def show_validation(self, error: ValidationError) -> None:
        # The operation names the field "title" for any action: put the message beside the first empty one.
        if error.field == "title":
            for number, title in zip(_NUMBERS, self.titles, strict=True):
                if not title.text().strip():
                    self.errors[f"action{number}"].show_message(str(error))
                    set_invalid(title, True)
                    title.setFocus()
                    return
        super().show_validation(error)

    def clear_errors(self) -> None:
        super().clear_errors()
        for title in self.titles:
            set_invalid(title, False)

    def save(self) -> None:
        branch_id, year, actions = self.branch_id, self.year, self.action_data()
        save_change(
            self.context,
            Label(N_("Set recruitment actions")),
            lambda session: set_recruitment_actions(session, branch_id, year, actions),
        )


class RecruitmentSection(Section):
    """This year's three actions, each with its title, planned day and a status box that saves at once."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.box = QGroupBox()
        grid = QGridLayout()
        self.number_labels: list[QLabel] = []
        self.title_labels: list[QLabel] = []
        self.date_labels: list[QLabel] = []
        self.status_boxes: list[QComboBox] = []
        self._actions: dict[int, RecruitmentActionRecord] = {}
        for row, number in enumerate(_NUMBERS):
            number_label, title, planned = QLabel(), QLabel(), QLabel()
            title.setWordWrap(True)
            status = enum_combo(RecruitmentStatus)
            status.currentIndexChanged.connect(lambda _index, chosen=number: self._status_chosen(chosen))
            grid.addWidget(number_label, row, 0)
            grid.addWidget(title, row, 1)
            grid.addWidget(planned, row, 2)
            grid.addWidget(status, row, 3)
            self.number_labels.append(number_label)
            self.title_labels.append(title)
            self.date_labels.append(planned)
            self.status_boxes.append(status)
        grid.setColumnStretch(1, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_actions)
        box_layout = QVBoxLayout(self.box)
        box_layout.addLayout(grid)
        box_layout.addWidget(self.summary)
        box_layout.addLayout(button_row(self.edit_button))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        self.retranslate()

    def retranslate(self) -> None:
        year = self.context.today().year
        self.box.setTitle(_("Recruitment challenge {year}: three actions").format(year=year))
        self.edit_button.setText(_("Edit actions…"))
        self.edit_button.setToolTip(_("Set the titles and planned days of this year's recruitment actions"))
        for number, label in zip(_NUMBERS, self.number_labels, strict=True):
            label.setText(_("{number}.").format(number=number))
        for status in self.status_boxes:
            status.blockSignals(True)
            label_combo(status, RECRUITMENT_STATUS_LABELS)
            status.blockSignals(False)
            status.setToolTip(_("Planned, done or cancelled: a change is saved at once"))
        self._show_actions()

    def show_detail(self, detail: BranchDetail) -> None:
        super().show_detail(detail)
        self._actions = {action.number: action for action in detail.recruitment_actions}
        self._show_actions()

    def _show_actions(self) -> None:
        for index, number in enumerate(_NUMBERS):
            action = self._actions.get(number)
            self.title_labels[index].setText(action.title if action else _("(not set)"))
            self.title_labels[index].setEnabled(action is not None)
            self.date_labels[index].setText(format_day(action.planned_on) if action else "")
            status = self.status_boxes[index]
            # Showing a value is not choosing one: no write while the boxes are filled in.
            status.blockSignals(True)
            select_data(status, action.status if action else RecruitmentStatus.PLANNED)
            status.blockSignals(False)
            status.setEnabled(action is not None)
        done = sum(1 for action in self._actions.values() if action.status == RecruitmentStatus.DONE)
        self.summary.setText(
            _("{done} of {count} actions done this year.").format(done=done, count=RECRUITMENT_ACTIONS_PER_YEAR)
        )
        self.edit_button.setEnabled(self.detail is not None)

    def set_status(self, number: int, status: RecruitmentStatus) -> None:
        """Choose a status for action ``number`` as the user would in its box (it is saved at once)."""
        select_data(self.status_boxes[number - 1], status)

    def _status_chosen(self, number: int) -> None:
        action = self._actions.get(number)
        status: RecruitmentStatus = self.status_boxes[number - 1].currentData()
        if action is None or action.status == status:
            return
        try:
            save_change(
                self.context,
                Label(N_("Change recruitment action status")),
                lambda session: set_recruitment_status(session, action.id, status),
            )
        except KansliError as error:
            show_error(self, _("Recruitment challenge"), error)
            self._show_actions()

    def edit_actions(self) -> None:
        """Set the titles and planned days of this year's actions."""
        if self.detail is not None:
            year = self.context.today().year
            RecruitmentDialog(self.context, self.detail.id, year, self.detail.recruitment_actions, self).exec()
