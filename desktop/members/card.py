"""The member card beside the members table: one person's details, edited in place and saved in one step.

The card is a set of sections under sub-tabs (``card_sections``: person, contacts, membership, godparent and
household, interests, consents, history). Edits stay in the card until Save (button or Ctrl+S) writes them all in
one transaction (``card_save``), so one Edit ▸ Undo takes a whole edit back. A refused value is marked where it was
typed and nothing typed is lost.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from db.branches.operations import list_branches, positions
from db.core.errors import KansliError, ValidationError
from db.core.i18n import N_, Label, _
from db.members.history import member_history
from db.members.interests import list_interests
from db.members.models import MEMBERSHIP_KIND_LABELS, MEMBERSHIP_STATUS_LABELS
from db.members.operations import MemberNotFoundError, district_country, get_member
from db.members.records import ContactData, MemberDetail, PersonData
from desktop.diagnostics import safe_traceback
from desktop.members.card_save import write_card
from desktop.members.card_sections import CardSections
from desktop.members.duplicates_panel import DuplicatesPanel
from desktop.members.merge_dialog import MergeDialog
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import FieldError
from desktop.shell.messages import confirm, show_error
from desktop.shell.widgets import EmptyState

log = logging.getLogger(__name__)


class MemberCard(QWidget):
    """One member's card: shows a member, edits them, adds a new one; empty when nobody is selected."""

    saved = Signal(object)
    """The member was saved (uuid.UUID of the member)."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.member_id: uuid.UUID | None = None
        self.is_new = False
        self.dirty = False
        self._loading = False
        self._saving = False
        self._duplicates_confirmed = False
        self._detail: MemberDetail | None = None
        self.merge_dialog: MergeDialog | None = None
        database, today = context.database, context.today()

        self.empty = EmptyState()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.duplicates = DuplicatesPanel(database, today, self._duplicate_probe)
        self.message = FieldError()
        self.tabs = CardSections(database, today)
        self.tabs.set_branch_loader(self._branches)
        # The sections by name, for the code below and for tests.
        self.person, self.contacts, self.memberships = self.tabs.person, self.tabs.contacts, self.tabs.memberships
        self.relations, self.interests = self.tabs.relations, self.tabs.interests
        self.consents, self.history = self.tabs.consents, self.tabs.history
        self.merge_button = QPushButton()
        self.merge_button.clicked.connect(self.merge_with)
        self.unsaved_label = QLabel()
        self.revert_button = QPushButton()
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton()
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)

        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unsaved_label)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.title)
        editor_layout.addWidget(self.subtitle)
        editor_layout.addWidget(self.duplicates)
        editor_layout.addWidget(self.message)
        editor_layout.addWidget(self.tabs, 1)
        editor_layout.addLayout(buttons)
        self.editor = editor
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.tabs.changed.connect(self._edited)
        self.tabs.identity_changed.connect(self.duplicates.schedule)
        self.duplicates.open_requested.connect(self._open_candidate)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        context.events.member_changed.connect(self._changed_elsewhere)
        context.events.data_changed.connect(self._reload_after_undo)
        self.retranslate()
        self.show_member(None)

    # ------------------------------------------------------------------------------------------- texts
    def retranslate(self) -> None:
        """Every text again in the current language (the Members tab calls this on a language switch)."""
        self.empty.set_content(
            _("No member selected"),
            _("Select someone in the list to see and edit their card, or press New member to add someone."),
            [(_("New member"), self.start_new)],
        )
        self.merge_button.setText(_("Merge with…"))
        self.merge_button.setToolTip(_("This person is in the register twice: merge the two records into one"))
        self.revert_button.setText(_("Revert"))
        self.revert_button.setToolTip(_("Throw away the changes made since the card was last saved"))
        self.save_button.setText(_("Save"))
        self.save_button.setToolTip(_("Save the card (Ctrl+S); Edit ▸ Undo takes the save back"))
        self.unsaved_label.setText(_("Unsaved changes"))
        self.tabs.retranslate()
        self.duplicates.retranslate()
        self._show_title()
        if self.member_id is not None and not self.is_new:
            with self.context.database.reading() as session:
                self.history.load(member_history(session, self.member_id))

    def _show_title(self) -> None:
        detail = self._detail
        if self.is_new:
            self.title.setText(_("New member"))
            self.subtitle.setText(_("Fill in at least the first and last name, then save (Ctrl+S)."))
        elif detail is not None:
            self.title.setText(detail.full_name)
            parts = []
            if detail.current is not None:
                parts.append(_(MEMBERSHIP_STATUS_LABELS[detail.current.status]))
                parts.append(_(MEMBERSHIP_KIND_LABELS[detail.current.kind]))
                parts.append(detail.current.branch_name)
            if detail.person.member_number:
                parts.append(_("no. {number}").format(number=detail.person.member_number))
            self.subtitle.setText(" · ".join(part for part in parts if part))

    # ----------------------------------------------------------------------------------------- showing
    def show_member(self, member_id: uuid.UUID | None) -> None:
        """Show a member's card, or the empty state for None (or for a member deleted meanwhile)."""
        if member_id is None:
            self._show_empty()
            return
        try:
            with self.context.database.reading() as session:
                detail = get_member(session, member_id, self.context.today())
                held = positions(session, member_id=member_id)
                history = member_history(session, member_id)
                interests = list_interests(session, include_inactive=True)
                country = district_country(session)
        except MemberNotFoundError:
            self._show_empty()
            return
        if detail.deleted_at is not None:
            self._show_empty()
            return
        self.member_id, self.is_new, self._detail = member_id, False, detail
        self.duplicates.stop()
        self._loading = True
        try:
            self.tabs.load(detail, held, interests, history, country)
        finally:
            self._loading = False
        self._after_load()

    def start_new(self) -> None:
        """Show an empty card for a new member, checking for duplicates as the user types."""
        with self.context.database.reading() as session:
            interests = list_interests(session, include_inactive=True)
            country = district_country(session)
        self.member_id, self.is_new, self._detail = None, True, None
        self._duplicates_confirmed = False
        self._loading = True
        try:
            self.tabs.load(None, [], interests, [], country)
        finally:
            self._loading = False
        self.duplicates.start()
        self._after_load()
        self.tabs.setCurrentIndex(0)
        self.focus_first_field()

    def _after_load(self) -> None:
        self.message.show_message(None)
        self._set_dirty(False)
        self._show_title()
        self.merge_button.setEnabled(not self.is_new)
        self.stack.setCurrentWidget(self.editor)

    def _show_empty(self) -> None:
        self.member_id, self.is_new, self._detail = None, False, None
        self.duplicates.stop()
        self._set_dirty(False)
        self.stack.setCurrentWidget(self.empty)

    def focus_first_field(self) -> None:
        """Put the cursor in the first name (Enter on a row of the table does this)."""
        if self.stack.currentWidget() is self.editor:
            self.tabs.setCurrentIndex(0)
            self.person.first_name.setFocus()

    def _branches(self) -> list[tuple[uuid.UUID, str]]:
        with self.context.database.reading() as session:
            return [(branch.id, branch.name) for branch in list_branches(session, self.context.today())]

    # ------------------------------------------------------------------------------------------- edits
    def _edited(self) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.unsaved_label.setVisible(dirty)
        self.save_button.setEnabled(dirty or self.is_new)
        self.revert_button.setEnabled(dirty)

    def confirm_leave(self) -> bool:
        """Ask what to do with unsaved changes (Save / Discard / Cancel); True when it is fine to move on."""
        if not self.dirty:
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            _("Unsaved changes"),
            _("The card has changes that are not saved yet. Save them?"),
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        if answer == buttons.Save:
            return self.save()
        if answer == buttons.Discard:
            self._set_dirty(False)
            return True
        return False

    def revert(self) -> None:
        """Throw away the changes since the card was loaded or saved."""
        if self.dirty and not confirm(
            self, _("Revert"), _("Throw away the changes made on this card since it was last saved?"), _("Revert")
        ):
            return
        if self.is_new:
            self.start_new()
        else:
            self.show_member(self.member_id)

    def _duplicate_probe(self) -> tuple[PersonData, list[ContactData]]:
        return self.person.probe(), self.contacts.normalized_values()

    def _open_candidate(self, member_id: uuid.UUID) -> None:
        if self.dirty and not confirm(
            self,
            _("Open existing member"),
            _("Discard the new member you are typing and open the existing one?"),
            _("Discard and open"),
        ):
            return
        self.show_member(member_id)

    def _changed_elsewhere(self, member_id: object) -> None:
        if not self._saving and not self.dirty and member_id == self.member_id and not self.is_new:
            self.show_member(self.member_id)

    def _reload_after_undo(self) -> None:
        if not self._saving and not self.dirty and self.member_id is not None and not self.is_new:
            self.show_member(self.member_id)

    # -------------------------------------------------------------------------------------------- save
    def save(self) -> bool:
        """Write the whole card in one transaction; return whether it was saved."""
        if self.stack.currentWidget() is not self.editor or not (self.dirty or self.is_new):
            return False
        self.message.show_message(None)
        if self.tabs.refused_contact():
            self.message.show_message(_("Not saved: correct or remove the marked phone number or e-mail address."))
            return False
        try:
            problem = self.person.check_before_save()
            if problem is not None:
                raise problem
            person = self.person.value()
        except ValidationError as error:
            self._show_validation(error)
            return False
        if self.is_new and not self._confirm_duplicates():
            return False
        try:
            with self.context.database.transaction(
                Label(N_("Add member")) if self.is_new else Label(N_("Edit member"))
            ) as session:
                member_id = write_card(session, None if self.is_new else self.member_id, self.tabs.edits(person))
        except ValidationError as error:
            self._show_validation(error)
            return False
        except KansliError as error:
            show_error(self, _("Save"), error)
            return False
        except Exception as error:  # shown to the user; the transaction was rolled back
            log.error("saving a member failed:\n%s", safe_traceback(type(error), error, error.__traceback__))
            show_error(self, _("Save"), error)
            return False
        self._saving = True
        try:
            self.show_member(member_id)
            self.saved.emit(member_id)
            self.context.events.member_changed.emit(member_id)
            self.context.events.status_message.emit(_("Saved."))
        finally:
            self._saving = False
        return True

    def _confirm_duplicates(self) -> bool:
        # The warning may be a quarter second behind the typing: check what is typed now before asking.
        self.duplicates.check_now()
        if self._duplicates_confirmed or not self.duplicates.has_candidates():
            return True
        if not confirm(
            self,
            _("Possible duplicate"),
            _("This person may already be in the register (see the warning above the card). Add them anyway?"),
            _("Add anyway"),
        ):
            return False
        self._duplicates_confirmed = True
        return True

    def _show_validation(self, error: ValidationError) -> None:
        """Mark the refused field where it was typed and say why above the card."""
        self.tabs.show_error(error)
        self.message.show_message(_("Not saved: {reason}").format(reason=str(error)))

    # ------------------------------------------------------------------------------------------- merge
    def merge_with(self) -> None:
        """Merge this member with another record of the same person (after saving or discarding edits)."""
        if self.member_id is None or self.is_new or not self.confirm_leave():
            return
        dialog = MergeDialog(self.context, self.member_id, self)
        dialog.accepted.connect(lambda: self._merged(dialog))
        self.merge_dialog = dialog
        dialog.open()

    def _merged(self, dialog: MergeDialog) -> None:
        if dialog.kept_id is None:
            return
        self.show_member(dialog.kept_id)
        self.saved.emit(dialog.kept_id)
