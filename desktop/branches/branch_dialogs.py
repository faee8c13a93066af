"""Adding a branch or changing its details (name, municipality, kind, status, language, e-mail, notes)."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from db.branches.detail import BranchDetail
from db.branches.models import (
    BRANCH_KIND_LABELS,
    BRANCH_LANGUAGE_LABELS,
    BRANCH_STATUS_LABELS,
    BranchKind,
    BranchLanguage,
    BranchStatus,
)
from db.branches.operations import BranchData, create_branch, update_branch
from db.core.i18n import N_, Label, _
from desktop.branches.forms import FormDialog, enum_combo, label_combo, save_change, select_data
from desktop.shell.context import ShellContext


class BranchDialog(FormDialog):
    """A new branch (``detail`` None) or the details of an existing one; :attr:`branch_id` is set on save."""

    def __init__(
        self, context: ShellContext, detail: BranchDetail | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.detail = detail
        self.branch_id: uuid.UUID | None = detail.id if detail else None
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.municipality = QLineEdit()
        self.municipality.setMaxLength(100)
        self.kind = enum_combo(BranchKind)
        self.status = enum_combo(BranchStatus)
        self.language = enum_combo(BranchLanguage)
        self.email = QLineEdit()
        self.email.setMaxLength(254)
        self.central_id = QLineEdit()
        self.central_id.setMaxLength(40)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(70)
        self.add_row("name", self.name)
        self.add_row("municipality", self.municipality)
        self.add_row("kind", self.kind)
        self.add_row("status", self.status)
        self.add_row("language", self.language)
        self.add_row("email", self.email)
        self.add_row("central_id", self.central_id)
        self.add_row("notes", self.notes)
        if detail is not None:
            self.name.setText(detail.name)
            self.municipality.setText(detail.municipality or "")
            select_data(self.kind, detail.kind)
            select_data(self.status, detail.status)
            select_data(self.language, detail.language)
            self.email.setText(detail.email or "")
            self.central_id.setText(detail.central_id or "")
            self.notes.setPlainText(detail.notes or "")
        self.retranslate()
        self.name.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Edit branch") if self.detail else _("New branch"))
        for key, text in (
            ("name", _("Name")),
            ("municipality", _("Municipality")),
            ("kind", _("Kind")),
            ("status", _("Status")),
            ("language", _("Working language")),
            ("email", _("E-mail")),
            ("central_id", _("Number at the party office")),
            ("notes", _("Notes")),
        ):
            self.labels[key].setText(text)
        label_combo(self.kind, BRANCH_KIND_LABELS)
        label_combo(self.status, BRANCH_STATUS_LABELS)
        label_combo(self.language, BRANCH_LANGUAGE_LABELS)
        self.language.setToolTip(_("Mentor pairs and printouts follow the branch's language"))
        self.central_id.setToolTip(_("The branch's identifier in the party office's register, if known"))

    def branch_data(self) -> BranchData:
        """What is typed."""
        return BranchData(
            name=self.name.text(),
            municipality=self.municipality.text() or None,
            kind=self.kind.currentData(),
            status=self.status.currentData(),
            central_id=self.central_id.text() or None,
            email=self.email.text() or None,
            notes=self.notes.toPlainText() or None,
            language=self.language.currentData(),
        )

    def save(self) -> None:
        data = self.branch_data()
        existing = self.branch_id
        if existing is None:
            self.branch_id = save_change(
                self.context, Label(N_("Add branch")), lambda session: create_branch(session, data)
            )
        else:
            save_change(self.context, Label(N_("Edit branch")), lambda session: update_branch(session, existing, data))
