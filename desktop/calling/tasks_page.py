"""The ombudsman's tasks raised by calls (wants to resign, moved, deceased, a caller's message, a godparent to find).

A member with an open task waits outside every calling queue; marking the task done lets them back in. Nothing here
changes a membership: the ombudsman does that on the member's card after confirming.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from db.calling.models import TASK_KIND_LABELS
from db.calling.tasks import TaskRecord, list_tasks, set_task_done
from db.core.i18n import N_, Label, _, format_day
from desktop.calling.common import save_calling_change
from desktop.calling.models import Column, SortedListModel, fit_columns, show_given_order
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error
from desktop.shell.widgets import DataTableView, EmptyState


class TasksPage(QWidget):
    """Open tasks across all campaigns, oldest first; done ones on request."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = SortedListModel[TaskRecord](
            [
                Column(N_("Raised"), lambda row: format_day(row.created_on), key=lambda row: row.created_on),
                Column(N_("Task"), lambda row: _(TASK_KIND_LABELS[row.kind])),
                Column(N_("Member"), lambda row: row.member_name),
                Column(N_("Member number"), lambda row: row.member_number),
                Column(N_("Campaign"), lambda row: row.campaign),
                Column(N_("Message"), lambda row: row.text),
                Column(
                    N_("Done"),
                    lambda row: format_day(row.done_on) if row.done_on else "",
                    key=lambda row: row.done_on.toordinal() if row.done_on else 0,
                ),
            ],
            self,
            muted=lambda row: row.done_on is not None,
        )
        self.view = DataTableView()
        self.view.setModel(self.model)
        fit_columns(self.view, stretch=5)
        show_given_order(self.view)
        self.view.activated_row.connect(lambda _row: self.mark_done())
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.show_done = QCheckBox()
        self.show_done.toggled.connect(lambda _checked: self.reload())
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.mark_done)
        self.reopen_button = QPushButton()
        self.reopen_button.clicked.connect(self.reopen)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_done)
        buttons.addStretch(1)
        buttons.addWidget(self.reopen_button)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.show_done.setText(_("Show done tasks"))
        self.done_button.setText(_("Done"))
        self.done_button.setToolTip(_("Mark the selected tasks done (Enter); the members return to the calling queues"))
        self.reopen_button.setText(_("Not done"))
        self.model.retranslate()
        self.empty.set_content(
            _("No tasks waiting"),
            _(
                "When a call says a member wants to resign, has moved or died, or a caller leaves you a message, "
                "the task appears here."
            ),
            [],
        )

    def reload(self) -> None:
        with self.context.database.reading() as session:
            self.model.set_rows(list_tasks(session, open_only=not self.show_done.isChecked()))
        self.stack.setCurrentWidget(self.view if self.model.rowCount() else self.empty)
        self._update_buttons()

    def open_count(self) -> int:
        return sum(1 for row in self.model.rows() if row.done_on is None)

    def selected(self) -> list[TaskRecord]:
        rows = [self.model.row_at(index.row()) for index in self.view.selectionModel().selectedRows()]
        return [row for row in rows if row is not None]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.done_button.setEnabled(any(row.done_on is None for row in chosen))
        self.reopen_button.setEnabled(any(row.done_on is not None for row in chosen))

    def mark_done(self) -> None:
        self._set_done([row for row in self.selected() if row.done_on is None], done=True)

    def reopen(self) -> None:
        self._set_done([row for row in self.selected() if row.done_on is not None], done=False)

    def _set_done(self, rows: list[TaskRecord], *, done: bool) -> None:
        if not rows:
            return
        today = self.context.today()

        def work(session: object) -> None:
            for row in rows:
                set_task_done(session, row.id, today if done else None)  # type: ignore[arg-type]

        label = Label(N_("Task done")) if done else Label(N_("Task opened again"))
        try:
            save_calling_change(self.context, label, work)
        except Exception as error:  # shown; nothing was written
            show_error(self, _("Tasks"), error)
