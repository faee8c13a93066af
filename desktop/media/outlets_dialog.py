"""Outlets and their contacts (Media ▸ Outlets…): newspapers, stations and web publications, and their journalists.

A contact is a journalist or an editor: personal data of somebody who is not a member. Their details live only on
the contact's row, and "Erase contact…" removes them for good — from the history too, so neither undo nor sync
brings them back (``db.media.outlets.erase_contact``). Operations on contacts are labelled without the contact's
name, since an operation's label is kept for good. Deleting an outlet erases its contacts the same way.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from db.core.base import utcnow
from db.core.i18n import N_, Label, _, format_count, ngettext
from db.media.models import OUTLET_KIND_LABELS, OUTLET_LANGUAGE_LABELS, OutletKind, OutletLanguage
from db.media.outlets import (
    ContactData,
    ContactRecord,
    OutletData,
    OutletRecord,
    add_contact,
    create_outlet,
    delete_outlet,
    erase_contact,
    list_contacts,
    list_outlets,
    move_contact,
    update_contact,
    update_outlet,
)
from desktop.branches.forms import FormDialog, enum_combo, label_combo
from desktop.calling.models import Column, SortedListModel, fit_columns
from desktop.media.common import MUTED_COLOR, save_media_change, try_media_change
from desktop.meetings.fields import select_value, text_box, unwrap_labels
from desktop.shell.context import ShellContext
from desktop.shell.messages import confirm, show_error
from desktop.shell.widgets import DataTableView


class OutletDialog(FormDialog):
    """Add an outlet, or change one."""

    def __init__(
        self, context: ShellContext, outlet: OutletRecord | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.outlet_id = outlet.id if outlet else None
        data = outlet.data if outlet else OutletData(name="")
        self.name = QLineEdit(data.name)
        self.name.setMaxLength(200)
        self.kind = enum_combo(OutletKind)
        select_value(self.kind, data.kind)
        self.area = QLineEdit(data.area or "")
        self.language = enum_combo(OutletLanguage)
        select_value(self.language, data.language)
        self.email = QLineEdit(data.email or "")
        self.phone = QLineEdit(data.phone or "")
        self.website = QLineEdit(data.website or "")
        self.active = QCheckBox()
        self.active.setChecked(data.active)
        self.notes = text_box(data.notes, lines=2, grow=False)
        for key, field in (
            ("name", self.name),
            ("kind", self.kind),
            ("area", self.area),
            ("language", self.language),
            ("email", self.email),
            ("phone", self.phone),
            ("website", self.website),
            ("active", self.active),
            ("notes", self.notes),
        ):
            self.add_row(key, field)
        unwrap_labels(self.labels.values())
        self.setMinimumWidth(500)
        self.retranslate()
        self.name.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New outlet") if self.outlet_id is None else _("Edit outlet"))
        label_combo(self.kind, OUTLET_KIND_LABELS)
        label_combo(self.language, OUTLET_LANGUAGE_LABELS)
        for key, text in (
            ("name", _("&Name")),
            ("kind", _("&Kind")),
            ("area", _("&Area")),
            ("language", _("&Language")),
            ("email", _("&E-mail")),
            ("phone", _("&Phone")),
            ("website", _("&Website")),
            ("active", _("A&ctive")),
            ("notes", _("N&otes")),
        ):
            self.labels[key].setText(text)
        self.area.setPlaceholderText(_("Where it is read or heard, e.g. Vaasa and the region"))
        self.email.setPlaceholderText(_("The newsroom's address"))
        self.active.setText(_("Offered when items are sent"))

    def data(self) -> OutletData:
        return OutletData(
            name=self.name.text(),
            kind=self.kind.currentData(),
            area=self.area.text(),
            language=self.language.currentData(),
            email=self.email.text(),
            phone=self.phone.text(),
            website=self.website.text(),
            notes=self.notes.toPlainText(),
            active=self.active.isChecked(),
        )

    def save(self) -> None:
        data, existing = self.data(), self.outlet_id
        name = " ".join(data.name.split())

        def work(session: Session) -> uuid.UUID:
            if existing is None:
                return create_outlet(session, data)
            update_outlet(session, existing, data)
            return existing

        label = (
            Label(N_("Add outlet {name}"), name=name)
            if existing is None
            else Label(N_("Edit outlet {name}"), name=name)
        )
        self.outlet_id = save_media_change(self.context, label, work)


class ContactDialog(FormDialog):
    """Add a contact to an outlet, or change one."""

    def __init__(
        self,
        context: ShellContext,
        outlet_id: uuid.UUID,
        contact: ContactRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.outlet_id = outlet_id
        self.contact_id = contact.id if contact else None
        data = contact.data if contact else ContactData(name="")
        self.name = QLineEdit(data.name)
        self.name.setMaxLength(200)
        self.role = QLineEdit(data.role or "")
        self.email = QLineEdit(data.email or "")
        self.phone = QLineEdit(data.phone or "")
        self.notes = text_box(data.notes, lines=2, grow=False)
        for key, field in (
            ("name", self.name),
            ("role", self.role),
            ("email", self.email),
            ("phone", self.phone),
            ("notes", self.notes),
        ):
            self.add_row(key, field)
        unwrap_labels(self.labels.values())
        self.setMinimumWidth(460)
        self.retranslate()
        self.name.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New media contact") if self.contact_id is None else _("Edit media contact"))
        for key, text in (
            ("name", _("&Name")),
            ("role", _("&Role")),
            ("email", _("&E-mail")),
            ("phone", _("&Phone")),
            ("notes", _("N&otes")),
        ):
            self.labels[key].setText(text)
        self.role.setPlaceholderText(_("e.g. political reporter, news editor"))

    def data(self) -> ContactData:
        return ContactData(
            name=self.name.text(),
            role=self.role.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        data, existing, outlet_id = self.data(), self.contact_id, self.outlet_id

        def work(session: Session) -> uuid.UUID:
            if existing is None:
                return add_contact(session, outlet_id, data)
            update_contact(session, existing, data)
            return existing

        # No name in the label: labels are kept for good, and the contact may be erased one day.
        label = Label(N_("Add media contact")) if existing is None else Label(N_("Edit media contact"))
        self.contact_id = save_media_change(self.context, label, work)


class OutletsDialog(QDialog):
    """The outlets on the left, the chosen outlet's contacts on the right."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.outlets = SortedListModel[OutletRecord](
            [
                Column(N_("Outlet"), lambda row: row.name),
                Column(N_("Kind"), lambda row: _(OUTLET_KIND_LABELS[row.data.kind])),
                Column(N_("Area"), lambda row: row.data.area or ""),
                Column(N_("Language"), lambda row: _(OUTLET_LANGUAGE_LABELS[row.data.language])),
                Column(
                    N_("Contacts"),
                    lambda row: format_count(row.contacts),
                    key=lambda row: row.contacts,
                    align_right=True,
                ),
                Column(
                    N_("Media items"),
                    lambda row: format_count(row.items),
                    key=lambda row: row.items,
                    align_right=True,
                    tooltip=N_("Media items sent to the outlet"),
                ),
            ],
            self,
            muted=lambda row: not row.data.active,
        )
        self.contacts = SortedListModel[ContactRecord](
            [
                Column(N_("Name"), lambda row: row.name),
                Column(N_("Role"), lambda row: row.data.role or ""),
                Column(N_("E-mail"), lambda row: row.data.email or ""),
                Column(N_("Phone"), lambda row: row.data.phone or ""),
            ],
            self,
        )
        self.outlet_view = DataTableView()
        self.outlet_view.setModel(self.outlets)
        self.outlet_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_columns(self.outlet_view, stretch=2)  # the outlet's name in full; the area takes what is left
        self.outlet_view.selectionModel().currentRowChanged.connect(lambda *_args: self._outlet_chosen())
        self.outlet_view.activated_row.connect(lambda _row: self.edit_outlet())
        self.contact_view = DataTableView()
        self.contact_view.setModel(self.contacts)
        self.contact_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_columns(self.contact_view, stretch=0)
        self.contact_view.selectionModel().currentRowChanged.connect(lambda *_args: self._update_buttons())
        self.contact_view.activated_row.connect(lambda _row: self.edit_contact())

        self.new_outlet_button = QPushButton()
        self.new_outlet_button.clicked.connect(self.new_outlet)
        self.edit_outlet_button = QPushButton()
        self.edit_outlet_button.clicked.connect(self.edit_outlet)
        self.delete_outlet_button = QPushButton()
        self.delete_outlet_button.clicked.connect(self.delete_outlet)
        self.add_contact_button = QPushButton()
        self.add_contact_button.clicked.connect(self.add_contact)
        self.edit_contact_button = QPushButton()
        self.edit_contact_button.clicked.connect(self.edit_contact)
        self.move_contact_button = QPushButton()
        self.move_contact_button.clicked.connect(self.move_contact)
        self.erase_contact_button = QPushButton()
        self.erase_contact_button.clicked.connect(self.erase_contact)
        self.contacts_heading = QLabel()
        self.contacts_heading.setStyleSheet("font-weight: 600;")
        self.privacy_note = QLabel()
        self.privacy_note.setWordWrap(True)
        self.privacy_note.setStyleSheet(f"color: {MUTED_COLOR};")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.outlet_view, 1)
        outlet_buttons = QHBoxLayout()
        for button in (self.new_outlet_button, self.edit_outlet_button):
            outlet_buttons.addWidget(button)
        outlet_buttons.addStretch(1)
        outlet_buttons.addWidget(self.delete_outlet_button)
        left_layout.addLayout(outlet_buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.contacts_heading)
        right_layout.addWidget(self.contact_view, 1)
        contact_buttons = QHBoxLayout()
        for button in (self.add_contact_button, self.edit_contact_button, self.move_contact_button):
            contact_buttons.addWidget(button)
        contact_buttons.addStretch(1)
        contact_buttons.addWidget(self.erase_contact_button)
        right_layout.addLayout(contact_buttons)
        right_layout.addWidget(self.privacy_note)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([700, 520])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(1240, 560)
        context.events.media_changed.connect(self.reload)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Outlets and their contacts"))
        self.new_outlet_button.setText(_("&New outlet…"))
        self.new_outlet_button.setToolTip(_("Add a newspaper, a radio or TV station, or a web publication"))
        self.edit_outlet_button.setText(_("&Edit outlet…"))
        self.delete_outlet_button.setText(_("&Delete outlet…"))
        self.delete_outlet_button.setToolTip(
            _("Delete the outlet; its contacts are erased for good, its media items keep its name")
        )
        self.add_contact_button.setText(_("&Add contact…"))
        self.add_contact_button.setToolTip(_("Add a journalist or an editor of the chosen outlet"))
        self.edit_contact_button.setText(_("Edi&t contact…"))
        self.move_contact_button.setText(_("&Move…"))
        self.move_contact_button.setToolTip(_("The journalist moved to another outlet"))
        self.erase_contact_button.setText(_("E&rase contact…"))
        self.erase_contact_button.setToolTip(_("Delete the contact's details for good, from the history too"))
        self.privacy_note.setText(
            _(
                "Contacts are personal data of people who are not members: keep only what the work needs, and "
                "erase a contact the district no longer works with."
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.outlets.retranslate()
        self.contacts.retranslate()
        self._outlet_chosen()

    # ------------------------------------------------------------------------------------------------ loading
    def current_outlet(self) -> OutletRecord | None:
        return self.outlets.row_at(self.outlet_view.currentIndex().row())

    def current_contact(self) -> ContactRecord | None:
        return self.contacts.row_at(self.contact_view.currentIndex().row())

    def reload(self, chosen: uuid.UUID | None = None) -> None:
        outlet = self.current_outlet()
        wanted = chosen or (outlet.id if outlet else None)
        with self.context.database.reading() as session:
            self.outlets.set_rows(list_outlets(session))
        rows = self.outlets.rows()
        index = next((number for number, row in enumerate(rows) if row.id == wanted), 0 if rows else -1)
        if index >= 0:
            self.outlet_view.selectRow(index)
        self._outlet_chosen()

    def _outlet_chosen(self) -> None:
        outlet = self.current_outlet()
        if outlet is None:
            self.contacts.set_rows([])
            self.contacts_heading.setText(_("Contacts"))
        else:
            with self.context.database.reading() as session:
                self.contacts.set_rows(list_contacts(session, outlet.id))
            self.contacts_heading.setText(_("Contacts at {outlet}").format(outlet=outlet.name))
        self._update_buttons()

    def _update_buttons(self) -> None:
        outlet, contact = self.current_outlet(), self.current_contact()
        for button in (self.edit_outlet_button, self.delete_outlet_button, self.add_contact_button):
            button.setEnabled(outlet is not None)
        for button in (self.edit_contact_button, self.move_contact_button, self.erase_contact_button):
            button.setEnabled(contact is not None)

    # ------------------------------------------------------------------------------------------------ outlets
    def new_outlet(self) -> None:
        dialog = OutletDialog(self.context, parent=self)
        if dialog.exec() and dialog.outlet_id is not None:
            self.reload(dialog.outlet_id)

    def edit_outlet(self) -> None:
        outlet = self.current_outlet()
        if outlet is not None:
            OutletDialog(self.context, outlet, self).exec()

    def delete_outlet(self) -> None:
        outlet = self.current_outlet()
        if outlet is None:
            return
        question = _("Delete the outlet {name}? The media items sent to it keep its name.").format(name=outlet.name)
        if outlet.contacts:
            question += "\n\n" + ngettext(
                "Its {count} contact is erased for good: this part cannot be undone.",
                "Its {count} contacts are erased for good: this part cannot be undone.",
                outlet.contacts,
            ).format(count=format_count(outlet.contacts))
        if not confirm(self, _("Delete outlet"), question, _("Delete")):
            return
        now, outlet_id = utcnow(), outlet.id
        try_media_change(
            self,
            _("Delete outlet"),
            self.context,
            Label(N_("Delete outlet {name}"), name=outlet.name),
            lambda session: delete_outlet(session, outlet_id, now),
        )

    # ----------------------------------------------------------------------------------------------- contacts
    def add_contact(self) -> None:
        outlet = self.current_outlet()
        if outlet is not None:
            ContactDialog(self.context, outlet.id, parent=self).exec()

    def edit_contact(self) -> None:
        outlet, contact = self.current_outlet(), self.current_contact()
        if outlet is not None and contact is not None:
            ContactDialog(self.context, outlet.id, contact, self).exec()

    def move_contact(self) -> None:
        contact = self.current_contact()
        if contact is None:
            return
        others = [row for row in self.outlets.rows() if row.id != contact.outlet_id]
        if not others:
            show_error(self, _("Move contact"), _("There is no other outlet; add one with New outlet…"))
            return
        names = [row.name for row in others]
        name, accepted = QInputDialog.getItem(
            self, _("Move contact"), _("Move {name} to:").format(name=contact.name), names, 0, False
        )
        if not accepted:
            return
        target, contact_id = others[names.index(name)].id, contact.id
        if try_media_change(
            self,
            _("Move contact"),
            self.context,
            Label(N_("Move media contact")),
            lambda session: move_contact(session, contact_id, target),
        ):
            self.reload(target)

    def erase_contact(self) -> None:
        contact = self.current_contact()
        if contact is None:
            return
        question = _(
            "Erase {name} for good? The name, role, e-mail, phone and notes are removed, from the history too. "
            "This cannot be undone."
        ).format(name=contact.name)
        if not confirm(self, _("Erase contact"), question, _("Erase")):
            return
        contact_id, now = contact.id, utcnow()
        try_media_change(
            self,
            _("Erase contact"),
            self.context,
            Label(N_("Erase media contact")),
            lambda session: erase_contact(session, contact_id, now),
        )
