"""The callers: volunteers who are members, or a name and a phone added in a moment; turned off when they stop.

:class:`CallersDialog` lists them and opens the two small forms; :class:`MemberCallerDialog` and
:class:`QuickCallerDialog` can also be opened on their own (from the assignment of sheets, say) and set
:attr:`caller_id` when saved.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from db.branches.models import Branch
from db.calling.callers import CallerRef, add_member_caller, add_quick_caller, list_callers, set_caller_active
from db.core.errors import KansliError, ValidationError
from db.core.i18n import N_, Label, _
from db.privacy.callers import erase_quick_caller
from db.privacy.name_mentions import ERASED
from desktop.branches.forms import FormDialog
from desktop.calling.common import save_calling_change
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import ListColumn, ListTableModel, MemberPicker, small_table
from desktop.shell.messages import confirm, show_error
from desktop.shell.widgets import EmptyState

CALLER_LANGUAGE_LABELS = {"fi": N_("Finnish"), "sv": N_("Swedish"), "en": N_("English")}


def _language_text(code: str) -> str:
    label = CALLER_LANGUAGE_LABELS.get(code)
    return _(label) if label else code


def _language_combo(*, automatic: bool = False) -> QComboBox:
    """The languages a caller's sheets can be printed in (``automatic``: first "the member's own", data None)."""
    box = QComboBox()
    if automatic:
        box.addItem("", None)
    for code in CALLER_LANGUAGE_LABELS:
        box.addItem("", code)
    return box


def _label_languages(box: QComboBox) -> None:
    for index in range(box.count()):
        code = box.itemData(index)
        box.setItemText(index, _language_text(code) if code else _("The member's own language"))
    box.setToolTip(_("The cover page and outcome codes of this caller's sheets are printed in this language"))


class MemberCallerDialog(FormDialog):
    """Make a member who volunteers a caller; :attr:`caller_id` is set on save."""

    def __init__(
        self, context: ShellContext, exclude: set[uuid.UUID] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.caller_id: uuid.UUID | None = None
        self.member = MemberPicker(context.database, context.today())
        self.member.exclude = set(exclude or ())
        self.language = _language_combo(automatic=True)
        self.add_row("member", self.member)
        self.add_row("language", self.language)
        self.setMinimumWidth(520)  # the search hint is long in Finnish and Swedish
        self.retranslate()
        self.member.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Add a member as a caller"))
        self.labels["member"].setText(_("Member"))
        self.labels["language"].setText(_("Language of the sheets"))
        self.member.setPlaceholderText(_("Type part of a name, a number or an e-mail address"))
        _label_languages(self.language)

    def save(self) -> None:
        member_id = self.member.chosen_id
        if member_id is None:
            raise ValidationError("member", _("Choose a member from the list that opens as you type."))
        language: str | None = self.language.currentData()
        self.caller_id = save_calling_change(
            self.context,
            Label(N_("Add caller")),
            lambda session: add_member_caller(session, member_id, language),
        )


class QuickCallerDialog(FormDialog):
    """Add a caller who is not in the register: a name, a phone, a branch and a language."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.caller_id: uuid.UUID | None = None
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.phone = QLineEdit()
        self.phone.setMaxLength(40)
        self.branch = QComboBox()
        self.branch.addItem("", None)
        self._branch_languages: dict[uuid.UUID, str] = {}
        with context.database.reading() as session:
            for branch_id, name, language in session.execute(
                select(Branch.id, Branch.name, Branch.language).where(Branch.deleted_at.is_(None)).order_by(Branch.name)
            ).tuples():
                self.branch.addItem(name, branch_id)
                self._branch_languages[branch_id] = language.value
        self.language = _language_combo()
        self._language_chosen = False
        self.add_row("name", self.name)
        self.add_row("phone", self.phone)
        self.add_row("branch", self.branch)
        self.add_row("language", self.language)
        # The branch's working language is the likely one until the user picks another.
        self.branch.currentIndexChanged.connect(lambda _index: self._follow_branch())
        self.language.activated.connect(lambda _index: setattr(self, "_language_chosen", True))
        self.retranslate()
        self.name.setFocus()

    def _follow_branch(self) -> None:
        language = self._branch_languages.get(self.branch.currentData())
        if language and not self._language_chosen:
            self.language.setCurrentIndex(max(0, self.language.findData(language)))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Add a caller quickly"))
        for key, text in (
            ("name", _("Name")),
            ("phone", _("Phone")),
            ("branch", _("Own branch")),
            ("language", _("Language of the sheets")),
        ):
            self.labels[key].setText(text)
        self.branch.setItemText(0, _("No branch"))
        self.branch.setToolTip(_("When the queue is shared out by branch, a caller gets their own branch first"))
        self.phone.setPlaceholderText(_("e.g. 040 123 4567"))
        self.phone.setToolTip(_("So the office can reach the caller; may be left empty"))
        _label_languages(self.language)

    def save(self) -> None:
        name, phone = self.name.text(), self.phone.text()
        branch_id: uuid.UUID | None = self.branch.currentData()
        language: str = self.language.currentData()
        self.caller_id = save_calling_change(
            self.context,
            Label(N_("Add caller")),
            lambda session: add_quick_caller(session, name, phone, branch_id, language),
        )


_CALLER_COLUMNS: list[ListColumn[CallerRef]] = [
    ListColumn(N_("Name"), lambda caller: caller.name),
    ListColumn(N_("Phone"), lambda caller: caller.phone),
    ListColumn(N_("Own branch"), lambda caller: caller.branch_name),
    ListColumn(N_("Language"), lambda caller: _language_text(caller.language)),
    ListColumn(N_("Status"), lambda caller: _("Active") if caller.active else _("Inactive")),
]


class CallersDialog(QDialog):
    """Everyone who calls: add a member or a name and phone, turn a caller off or on again.

    :attr:`changed` tells whoever opened the dialog that callers were added or changed (the signal
    :attr:`callers_changed` says so at once); each change is its own step of Edit ▸ Undo.
    """

    callers_changed = Signal()

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.changed = False
        self._any_callers = False
        self.model: ListTableModel[CallerRef] = ListTableModel(_CALLER_COLUMNS, self, italic=lambda c: not c.active)
        self.table = small_table(self.model)
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.add_member_button = QPushButton()
        self.add_quick_button = QPushButton()
        self.active_button = QPushButton()
        self.erase_button = QPushButton()
        self.show_inactive = QCheckBox()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        actions = QHBoxLayout()
        for button in (self.add_member_button, self.add_quick_button, self.active_button, self.erase_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.show_inactive)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.stack, 1)
        layout.addLayout(actions)
        layout.addWidget(self.buttons)
        self.add_member_button.clicked.connect(self.add_member)
        self.add_quick_button.clicked.connect(self.add_quickly)
        self.active_button.clicked.connect(self.toggle_active)
        self.erase_button.clicked.connect(self.erase)
        self.show_inactive.toggled.connect(lambda _on: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.refresh()
        self.retranslate()
        self.resize(720, 440)

    # --- the list ------------------------------------------------------------------------------------------------

    def refresh(self, select: uuid.UUID | None = None) -> None:
        """Read the callers again, keeping the chosen one chosen (or choosing ``select``)."""
        chosen = self.selected_caller()
        keep = select or (chosen.id if chosen else None)
        with self.context.database.reading() as session:
            callers = list_callers(session, include_inactive=True)
        self._any_callers = bool(callers)
        shown = [caller for caller in callers if caller.active or self.show_inactive.isChecked()]
        self.model.set_rows(shown)
        for row, caller in enumerate(shown):
            if caller.id == keep:
                self.table.selectRow(row)
        self._show_empty_state()
        self._update_buttons()

    def callers(self) -> list[CallerRef]:
        """The callers listed."""
        return self.model.rows()

    def selected_caller(self) -> CallerRef | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _show_empty_state(self) -> None:
        if self.model.rowCount():
            self.stack.setCurrentWidget(self.table)
            return
        if self._any_callers:
            self.empty.set_content(
                _("Every caller is inactive"), _("Tick “Show inactive callers” to see them and turn them on."), []
            )
        else:
            # The buttons that would change this are right below: the empty state only says which.
            self.empty.set_content(
                _("No callers yet"), _("Add a member who volunteers, or add a name and phone quickly."), []
            )
        self.stack.setCurrentWidget(self.empty)

    def _update_buttons(self) -> None:
        caller = self.selected_caller()
        self.active_button.setEnabled(caller is not None)
        self.active_button.setText(_("Activate") if caller is not None and not caller.active else _("Deactivate"))
        # A member who calls is erased with the member (Privacy ▸ Erase); only a name and phone are erased here.
        self.erase_button.setEnabled(caller is not None and caller.member_id is None and caller.name != ERASED)

    # --- changes -------------------------------------------------------------------------------------------------

    def _added(self, caller_id: uuid.UUID | None) -> None:
        if caller_id is None:
            return
        self._changed()
        self.refresh(select=caller_id)

    def _changed(self) -> None:
        self.changed = True
        self.callers_changed.emit()

    def add_member(self) -> None:
        """Choose a member and make them a caller."""
        taken = {caller.member_id for caller in self.callers() if caller.member_id is not None and caller.active}
        dialog = MemberCallerDialog(self.context, taken, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._added(dialog.caller_id)

    def add_quickly(self) -> None:
        """Add a caller by name and phone."""
        dialog = QuickCallerDialog(self.context, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._added(dialog.caller_id)

    def toggle_active(self) -> None:
        """Turn the chosen caller off (they keep their sheets) or on again."""
        caller = self.selected_caller()
        if caller is None:
            return
        active = not caller.active
        label = Label(N_("Activate caller")) if active else Label(N_("Deactivate caller"))
        try:
            save_calling_change(self.context, label, lambda session: set_caller_active(session, caller.id, active))
        except KansliError as error:
            show_error(self, _("Callers"), error)
            self.refresh()
            return
        self._changed()
        self.refresh(select=caller.id)

    def erase(self) -> None:
        """Erase a quick caller's name and phone for good, at their request or when they are no longer needed."""
        caller = self.selected_caller()
        if caller is None or caller.member_id is not None:
            return
        question = _(
            "Erase {name}'s name and phone for good, from the history and the export log too? The call sheets stay "
            "in the campaign without the name. This cannot be undone."
        ).format(name=caller.name)
        if not confirm(self, _("Erase caller"), question, _("Erase")):
            return
        caller_id = caller.id
        try:
            save_calling_change(
                self.context,
                Label(N_("Erase a caller's personal data")),
                lambda session: erase_quick_caller(session, caller_id),
            )
        except KansliError as error:
            show_error(self, _("Callers"), error)
            self.refresh()
            return
        self.show_inactive.setChecked(True)  # the erased caller is inactive: keep them in sight
        self._changed()
        self.refresh(select=caller_id)

    # --- texts ---------------------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Callers"))
        self.intro.setText(
            _("Volunteers who call from printed sheets: members, or a name and phone of someone not in the register.")
        )
        self.add_member_button.setText(_("Add a member…"))
        self.add_member_button.setToolTip(_("Make a member who volunteers a caller"))
        self.add_quick_button.setText(_("Add quickly…"))
        self.add_quick_button.setToolTip(_("Add a caller who is not in the register: a name and a phone"))
        self.active_button.setToolTip(_("An inactive caller gets no new sheets; the sheets they have stay theirs."))
        self.erase_button.setText(_("Erase personal data…"))
        self.erase_button.setToolTip(
            _(
                "Erase the name and phone of a caller who is not a member, for good (a member is erased on the "
                "Privacy tab)"
            )
        )
        self.show_inactive.setText(_("Show inactive callers"))
        self.model.retranslate()
        self.table.setAccessibleName(_("Callers"))
        self._show_empty_state()
        self._update_buttons()
        button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if button is not None:
            button.setText(_("Close"))
