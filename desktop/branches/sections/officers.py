"""A branch's officers and terms: the positions held now (or agreed to start) and those that have ended."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from db.branches.detail import BranchDetail
from db.branches.models import POSITION_ROLE_LABELS, PositionRole
from db.branches.operations import PositionRecord
from db.core.i18n import N_, _, format_day
from desktop.branches.position_dialogs import AddPositionDialog, EndPositionDialog
from desktop.branches.sections.responsible import ResponsiblePersons
from desktop.branches.sections.section import Section, button_row, selected_row, table_of
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import ListColumn


def _columns() -> list[ListColumn[PositionRecord]]:
    return [
        ListColumn(N_("Role"), lambda row: _(POSITION_ROLE_LABELS[row.role])),
        ListColumn(N_("Name"), lambda row: row.member_name),
        ListColumn(N_("Body"), lambda row: row.body_name),
        ListColumn(N_("From"), lambda row: format_day(row.starts_on)),
        ListColumn(N_("Until"), lambda row: format_day(row.ends_on)),
    ]


class OfficersSection(Section):
    """The responsible persons on top, then current and past positions, with Add position and End position."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.responsible = ResponsiblePersons()
        self.responsible.assign_requested.connect(self.add_position)
        self.current_box = QGroupBox()
        self.current_model, self.current_view = table_of(_columns(), self)
        self.current_view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.current_view.doubleClicked.connect(lambda _index: self.end_selected())
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add_position(None))
        self.end_button = QPushButton()
        self.end_button.clicked.connect(self.end_selected)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        current = QVBoxLayout(self.current_box)
        current.addWidget(self.empty_label)
        current.addWidget(self.current_view, 1)
        current.addLayout(button_row(self.add_button, self.end_button))
        self.past_box = QGroupBox()
        self.past_model, self.past_view = table_of(_columns(), self)
        past = QVBoxLayout(self.past_box)
        past.addWidget(self.past_view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.responsible)
        layout.addWidget(self.current_box, 2)
        layout.addWidget(self.past_box, 1)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.responsible.retranslate()
        self.current_box.setTitle(_("Officers and positions now"))
        self.past_box.setTitle(_("Past positions"))
        self.add_button.setText(_("Add position…"))
        self.add_button.setToolTip(_("Give a member a role in the branch board or another body of the branch"))
        self.end_button.setText(_("End position…"))
        self.end_button.setToolTip(_("Set the last day of the selected position"))
        self.empty_label.setText(_("Nobody holds a position in this branch yet."))
        self.current_model.retranslate()
        self.past_model.retranslate()

    def show_detail(self, detail: BranchDetail) -> None:
        super().show_detail(detail)
        self.responsible.show_detail(detail, self.context.today())
        self.current_model.set_rows(detail.current_positions)
        self.past_model.set_rows(detail.past_positions)
        self.empty_label.setVisible(not detail.current_positions)
        self.past_box.setVisible(bool(detail.past_positions))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.detail is not None)
        self.end_button.setEnabled(selected_row(self.current_model, self.current_view) is not None)

    def add_position(self, role: PositionRole | None = None) -> None:
        """Open the add-position dialog, with ``role`` chosen when given (the responsible persons' Assign…)."""
        if self.detail is not None:
            AddPositionDialog(self.context, self.detail.id, role, self).exec()

    def end_selected(self) -> None:
        """Ask for the last day of the selected position."""
        position = selected_row(self.current_model, self.current_view)
        if position is not None:
            EndPositionDialog(self.context, position, self).exec()
