"""The Queue page: who is called now, and why each of the others the rule takes is left out.

On the left the reasons with their counts (the first row is the queue itself); on the right the people of the
chosen row. The queue can be dealt out to callers whole (by branch or evenly) or a selection by hand.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from db.branches.models import Branch
from db.calling.callers import CallerRef, list_callers
from db.calling.queue import REASON_LABELS, Queue, Reason, build_queue
from db.calling.sheets import ASSIGN_MODE_LABELS, AssignMode, assign_queue
from db.core.i18n import N_, Label, _, format_count
from db.members.models import Member, MemberSearchEntry
from desktop.calling.common import save_calling_change
from desktop.calling.models import Column, SortedListModel, fit_columns, show_given_order
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error
from desktop.shell.widgets import DataTableView

SHOWN_PEOPLE = 2000  # people listed for one reason; the count says how many there are in all
IN_QUEUE = "in_queue"


@dataclass(frozen=True)
class ReasonRow:
    key: str  # IN_QUEUE or a Reason value
    count: int


@dataclass(frozen=True)
class PersonRow:
    member_id: uuid.UUID
    name: str
    number: str
    branch: str
    pass_number: int


def _reason_text(row: ReasonRow) -> str:
    if row.key == IN_QUEUE:
        return _("In the queue: to call now")
    return _(REASON_LABELS[Reason(row.key)])


class QueuePage(QWidget):
    """The queue of one campaign with its reasons; assignment to callers."""

    assigned = Signal(list)  # the new sheet numbers

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.campaign_id: uuid.UUID | None = None
        self.queue: Queue | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.reasons = SortedListModel[ReasonRow](
            [
                Column(N_("Queue or reason"), _reason_text, key=lambda row: (row.key != IN_QUEUE, row.key)),
                Column(N_("People"), lambda row: format_count(row.count), key=lambda row: row.count, align_right=True),
            ],
            self,
            bold=lambda row: row.key == IN_QUEUE,
        )
        self.reason_view = DataTableView()
        self.reason_view.setModel(self.reasons)
        fit_columns(self.reason_view)
        show_given_order(self.reason_view)  # the order the reasons are tested in
        self.reason_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.reason_view.selectionModel().currentRowChanged.connect(lambda *_args: self._show_people())
        self.people = SortedListModel[PersonRow](
            [
                Column(N_("Name"), lambda row: row.name),
                Column(N_("Member number"), lambda row: row.number),
                Column(N_("Branch"), lambda row: row.branch),
                Column(N_("Pass"), lambda row: str(row.pass_number), key=lambda row: row.pass_number),
            ],
            self,
        )
        self.people_view = DataTableView()
        self.people_view.setModel(self.people)
        fit_columns(self.people_view)
        show_given_order(self.people_view)  # queue order: by branch, as dealt
        self.people_note = QLabel()
        self.assign_all_button = QPushButton()
        self.assign_all_button.clicked.connect(self.assign_all)
        self.assign_selected_button = QPushButton()
        self.assign_selected_button.clicked.connect(self.assign_selected)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.reload)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.reason_view)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.people_view, 1)
        right_layout.addWidget(self.people_note)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.assign_all_button)
        buttons.addWidget(self.assign_selected_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.assign_all_button.setText(_("Deal the queue to callers…"))
        self.assign_all_button.setToolTip(
            _("Make numbered call sheets of everyone in the queue: by branch (a caller's own branch first) or evenly")
        )
        self.assign_selected_button.setText(_("Give the selected to a caller…"))
        self.assign_selected_button.setToolTip(_("Choose people in the queue and put them on one caller's sheets"))
        self.refresh_button.setText(_("Refresh"))
        self.reasons.retranslate()
        self.people.retranslate()
        self._show_summary()

    # ---------------------------------------------------------------------------------------------- loading
    def set_campaign(self, campaign_id: uuid.UUID | None) -> None:
        self.campaign_id = campaign_id
        self.reload()

    def reload(self) -> None:
        """Work the queue out again (off the GUI thread: a campaign may take thousands of members)."""
        campaign_id = self.campaign_id
        if campaign_id is None:
            self.queue = None
            self.reasons.set_rows([])
            self.people.set_rows([])
            self._show_summary()
            self._update_buttons()
            return
        database, today = self.context.database, self.context.today()

        def work(_progress: object) -> Queue:
            with database.reading() as session:
                return build_queue(session, campaign_id, today)

        self.context.tasks.run(
            _("Queue"),
            work,
            writes=False,
            on_success=self._show_queue,
            on_failure=lambda error: show_error(self, _("Queue"), error),
        )

    def _show_queue(self, queue: Queue) -> None:
        if queue.campaign_id != self.campaign_id:
            return  # the user chose another campaign meanwhile
        self.queue = queue
        rows = [ReasonRow(IN_QUEUE, len(queue.entries))]
        counts = queue.counts()
        rows.extend(ReasonRow(reason.value, counts[reason]) for reason in Reason if counts[reason])
        self.reasons.set_rows(rows)
        self.reason_view.selectRow(0)
        self._show_people()
        self._show_summary()
        self._update_buttons()

    def _show_summary(self) -> None:
        if self.queue is None:
            self.summary.setText(_("Choose a campaign to see its queue.") if self.campaign_id is None else "")
            return
        self.summary.setText(
            _(
                "{queue} to call now; {left} of the {targeted} the campaign takes are left out, each for a reason."
            ).format(
                queue=format_count(len(self.queue.entries)),
                left=format_count(len(self.queue.left_out)),
                targeted=format_count(self.queue.targeted),
            )
        )

    def _selected_reason(self) -> str | None:
        row = self.reasons.row_at(self.reason_view.currentIndex().row())
        return row.key if row else None

    def _show_people(self) -> None:
        queue, key = self.queue, self._selected_reason()
        if queue is None or key is None:
            self.people.set_rows([])
            self.people_note.setText("")
            self._update_buttons()
            return
        if key == IN_QUEUE:
            passes = {entry.member_id: entry.pass_number for entry in queue.entries}
            ids = [entry.member_id for entry in queue.entries]
        else:
            passes = {}
            ids = [member_id for member_id, reason in queue.left_out.items() if reason.value == key]
        shown = ids[:SHOWN_PEOPLE]
        self.people.set_rows(self._people(shown, passes))
        self.people_view.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection
            if key == IN_QUEUE
            else QAbstractItemView.SelectionMode.SingleSelection
        )
        self.people_note.setText(
            _("Showing the first {shown} of {count}.").format(
                shown=format_count(len(shown)), count=format_count(len(ids))
            )
            if len(ids) > len(shown)
            else ""
        )
        self._update_buttons()

    def _people(self, ids: list[uuid.UUID], passes: dict[uuid.UUID, int]) -> list[PersonRow]:
        if not ids:
            return []
        with self.context.database.reading() as session:
            branches = dict(session.execute(select(Branch.id, Branch.name)).tuples().all())
            found = session.execute(
                select(
                    Member.id, Member.first_name, Member.last_name, Member.member_number, MemberSearchEntry.branch_id
                )
                .outerjoin(MemberSearchEntry, MemberSearchEntry.member_id == Member.id)
                .where(Member.id.in_(ids))
            ).tuples()
            rows = [
                PersonRow(
                    member_id,
                    f"{first} {last}",
                    number or "",
                    branches.get(branch_id, "") if branch_id else "",
                    passes.get(member_id, 0),
                )
                for member_id, first, last, number, branch_id in found
            ]
        order = {member_id: position for position, member_id in enumerate(ids)}
        rows.sort(key=lambda row: order[row.member_id])
        return rows

    def _update_buttons(self) -> None:
        in_queue = bool(self.queue and self.queue.entries)
        self.assign_all_button.setEnabled(in_queue)
        self.assign_selected_button.setEnabled(in_queue and self._selected_reason() == IN_QUEUE)

    # --------------------------------------------------------------------------------------------- assigning
    def assign_all(self) -> None:
        """Deal the whole queue to the callers chosen, by branch or evenly."""
        if self.campaign_id is None or self.queue is None:
            return
        dialog = AssignDialog(self.context, len(self.queue.entries), self)
        if not dialog.exec():
            return
        self._assign(dialog.caller_ids(), dialog.mode(), None)

    def assign_selected(self) -> None:
        """Put the selected people of the queue on sheets of one caller (assignment by hand)."""
        if self.campaign_id is None:
            return
        rows = [
            self.people.row_at(index.row())
            for index in self.people_view.selectionModel().selectedRows()
            if self.people.row_at(index.row()) is not None
        ]
        chosen = [row.member_id for row in rows if row is not None]
        if not chosen:
            show_error(self, _("Assign"), _("Select the people to give to a caller first."))
            return
        with self.context.database.reading() as session:
            callers = list_callers(session)
        if not callers:
            show_error(self, _("Assign"), _("There are no callers yet: add them with Callers…"))
            return
        names = [_caller_line(caller) for caller in callers]
        name, accepted = QInputDialog.getItem(
            self, _("Assign"), _("Give {count} people to:").format(count=format_count(len(chosen))), names, 0, False
        )
        if not accepted:
            return
        caller = callers[names.index(name)]
        self._assign([caller.id], AssignMode.BY_HAND, {member_id: caller.id for member_id in chosen})

    def _assign(
        self, caller_ids: list[uuid.UUID], mode: AssignMode, by_hand: dict[uuid.UUID, uuid.UUID] | None
    ) -> None:
        campaign_id, today = self.campaign_id, self.context.today()
        assert campaign_id is not None
        try:
            numbers = save_calling_change(
                self.context,
                Label(N_("Assign the queue to callers")),
                lambda session: assign_queue(
                    session,
                    campaign_id,
                    caller_ids,
                    mode,
                    today,
                    by_hand=by_hand,
                    member_ids=list(by_hand) if by_hand else None,
                ),
            )
        except Exception as error:  # shown to the user; nothing was written
            show_error(self, _("Assign"), error)
            return
        if numbers:
            self.context.events.status_message.emit(
                _("Made call sheets {first}–{last}.").format(first=numbers[0], last=numbers[-1])
            )
        self.assigned.emit(numbers)


def _caller_line(caller: CallerRef) -> str:
    return f"{caller.name} ({caller.branch_name})" if caller.branch_name else caller.name


class AssignDialog(QDialog):
    """Choose the callers and how to deal the queue among them."""

    def __init__(self, context: ShellContext, queue_size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Deal the queue to callers"))
        self.intro = QLabel(
            _("{count} people are in the queue. They go on numbered sheets of about 20, one caller each.").format(
                count=format_count(queue_size)
            )
        )
        self.intro.setWordWrap(True)
        self.callers = QListWidget()
        self.callers.setMinimumHeight(180)
        self.all_box = QCheckBox(_("All callers"))
        self.all_box.toggled.connect(self._check_all)
        self.manage = QPushButton(_("Callers…"))
        self.manage.setToolTip(_("Add a member who volunteers, or a name and phone quickly"))
        self.manage.clicked.connect(self._manage_callers)
        self.modes = QButtonGroup(self)
        mode_box = QVBoxLayout()
        for mode in (AssignMode.BY_BRANCH, AssignMode.EVENLY):
            button = QRadioButton(_(ASSIGN_MODE_LABELS[mode]))
            button.setProperty("mode", mode.value)
            self.modes.addButton(button)
            mode_box.addWidget(button)
        self.modes.buttons()[0].setChecked(True)
        self.empty = QLabel(_("No callers yet: add a member who volunteers, or a name and phone, with Callers…"))
        self.empty.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Make the sheets"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.all_box)
        row.addStretch(1)
        row.addWidget(self.manage)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.callers)
        layout.addWidget(self.empty)
        layout.addLayout(mode_box)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._load()

    def _load(self) -> None:
        checked = set(self.caller_ids())
        with self.context.database.reading() as session:
            callers = list_callers(session)
        self.callers.clear()
        for caller in callers:
            item = QListWidgetItem(_caller_line(caller))
            item.setData(Qt.ItemDataRole.UserRole, caller.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if caller.id in checked else Qt.CheckState.Unchecked)
            self.callers.addItem(item)
        self.empty.setVisible(not callers)
        self.callers.setVisible(bool(callers))
        self.callers.itemChanged.connect(lambda _item: self._update_ok())
        self._update_ok()

    def _check_all(self, checked: bool) -> None:
        for index in range(self.callers.count()):
            self.callers.item(index).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _manage_callers(self) -> None:
        from desktop.calling.callers_dialog import CallersDialog

        CallersDialog(self.context, self).exec()
        self._load()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.caller_ids()))

    def caller_ids(self) -> list[uuid.UUID]:
        if not hasattr(self, "callers"):
            return []
        return [
            self.callers.item(index).data(Qt.ItemDataRole.UserRole)
            for index in range(self.callers.count())
            if self.callers.item(index).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, caller_ids: list[uuid.UUID]) -> None:
        for index in range(self.callers.count()):
            item = self.callers.item(index)
            wanted = item.data(Qt.ItemDataRole.UserRole) in caller_ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def mode(self) -> AssignMode:
        checked = self.modes.checkedButton()
        return AssignMode(checked.property("mode")) if checked else AssignMode.BY_BRANCH

    def set_mode(self, mode: AssignMode) -> None:
        for button in self.modes.buttons():
            button.setChecked(button.property("mode") == mode.value)
