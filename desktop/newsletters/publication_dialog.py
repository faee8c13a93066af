"""The dialogs of a publication and of an issue: what the paper is and who makes it; an issue's number and dates."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QSpinBox, QWidget
from sqlalchemy.orm import Session

from db.core.i18n import N_, Label, _
from db.newsletters.issues import IssueData, create_issue, issue_data, issue_name, update_issue
from db.newsletters.models import (
    PUBLICATION_KIND_LABELS,
    PUBLICATION_LANGUAGE_LABELS,
    PublicationKind,
    PublicationLanguage,
)
from db.newsletters.publications import (
    MAX_TARGET,
    PublicationData,
    PublicationRecord,
    create_publication,
    editorial_committees,
    update_publication,
)
from desktop.branches.forms import FormDialog, enum_combo, label_combo
from desktop.meetings.fields import select_value, text_box, unwrap_labels
from desktop.newsletters.common import save_newsletter_change
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import OptionalDateEdit


def _spin(low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    return spin


class PublicationDialog(FormDialog):
    """Add a publication, or change one: its name and code, editorial committee, target and channels."""

    def __init__(
        self, context: ShellContext, publication: PublicationRecord | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.publication_id = publication.id if publication else None
        data = publication.data if publication else PublicationData(name="", code="", first_year=context.today().year)
        with context.database.reading() as session:
            committees = editorial_committees(session)
        self.name = QLineEdit(data.name)
        self.name.setMaxLength(200)
        self.code = QLineEdit(data.code)
        self.code.setMaxLength(12)
        self.kind = enum_combo(PublicationKind)
        select_value(self.kind, data.kind)
        self.language = enum_combo(PublicationLanguage)
        select_value(self.language, data.language)
        self.committee = QComboBox()
        self.committee.addItem("", None)
        for body_id, body_name in committees:
            self.committee.addItem(body_name, body_id)
        select_value(self.committee, data.editorial_body_id)
        # A bilingual body's long name would widen the dialog and push its field under the label.
        self.committee.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.committee.setMinimumContentsLength(24)
        self.target = _spin(0, MAX_TARGET, data.target_issues)
        self.period = _spin(1, 4, data.period_years)
        self.first_year = _spin(1900, 2100, data.first_year)
        self.by_post = QCheckBox()
        self.by_post.setChecked(data.by_post)
        self.by_email = QCheckBox()
        self.by_email.setChecked(data.by_email)
        channels = QWidget()
        channel_row = QHBoxLayout(channels)
        channel_row.setContentsMargins(0, 0, 0, 0)
        channel_row.addWidget(self.by_post)
        channel_row.addWidget(self.by_email)
        channel_row.addStretch(1)
        self.supporters = QCheckBox()
        self.supporters.setChecked(data.include_supporters)
        self.extra = _spin(0, 100_000, data.extra_copies)
        self.notes = text_box(data.notes, lines=2, grow=False)
        for key, field in (
            ("name", self.name),
            ("code", self.code),
            ("kind", self.kind),
            ("language", self.language),
            ("editorial_body_id", self.committee),
            ("target_issues", self.target),
            ("period_years", self.period),
            ("first_year", self.first_year),
            ("by_post", channels),
            ("include_supporters", self.supporters),
            ("extra_copies", self.extra),
            ("notes", self.notes),
        ):
            self.add_row(key, field)
        self.errors["by_email"] = self.errors["by_post"]
        unwrap_labels(self.labels.values())
        self.setMinimumWidth(560)
        self.retranslate()
        self.name.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New publication") if self.publication_id is None else _("Edit publication"))
        label_combo(self.kind, PUBLICATION_KIND_LABELS)
        label_combo(self.language, PUBLICATION_LANGUAGE_LABELS)
        self.committee.setItemText(0, _("No editorial committee"))
        for key, text in (
            ("name", _("&Name")),
            ("code", _("&Code")),
            ("kind", _("&Kind")),
            ("language", _("&Language")),
            ("editorial_body_id", _("Editorial co&mmittee")),
            ("target_issues", _("&Target: issues a period")),
            ("period_years", _("&Period in years")),
            ("first_year", _("&First period begins")),
            ("by_post", _("Goes out")),
            ("include_supporters", _("Readers")),
            ("extra_copies", _("E&xtra copies")),
            ("notes", _("N&otes")),
        ):
            self.labels[key].setText(text)
        self.code.setPlaceholderText(_("One short word, e.g. Paper"))
        self.code.setToolTip(_("Names the issues in lists and on the command line: Paper 2/2026"))
        self.committee.setToolTip(
            _("The body that makes the paper; an editorial committee is added on the Branches tab")
        )
        self.target.setToolTip(_("How many issues should come out in each period (0: no target)"))
        self.by_post.setText(_("By p&ost"))
        self.by_email.setText(_("By e-m&ail"))
        self.supporters.setText(_("Supporters get it &too"))
        self.extra.setToolTip(
            _("Copies printed besides the postal ones, for the office and events; a new issue's default")
        )

    def data(self) -> PublicationData:
        return PublicationData(
            name=self.name.text(),
            code=self.code.text(),
            kind=self.kind.currentData(),
            language=self.language.currentData(),
            editorial_body_id=self.committee.currentData(),
            target_issues=self.target.value(),
            period_years=self.period.value(),
            first_year=self.first_year.value(),
            by_post=self.by_post.isChecked(),
            by_email=self.by_email.isChecked(),
            include_supporters=self.supporters.isChecked(),
            extra_copies=self.extra.value(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        data, existing = self.data(), self.publication_id
        name = " ".join(data.name.split())

        def work(session: Session) -> uuid.UUID:
            if existing is None:
                return create_publication(session, data)
            update_publication(session, existing, data)
            return existing

        label = (
            Label(N_("Add publication {name}"), name=name)
            if existing is None
            else Label(N_("Edit publication {name}"), name=name)
        )
        self.publication_id = save_newsletter_change(self.context, label, work)


class IssueDialog(FormDialog):
    """Plan an issue of a publication, or change one: number, theme, copy deadline, publication date, copies."""

    def __init__(
        self,
        context: ShellContext,
        publication: PublicationRecord,
        issue_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.publication = publication
        self.issue_id = issue_id
        if issue_id is not None:
            with context.database.reading() as session:
                data = issue_data(session, issue_id)
        else:
            data = IssueData(publication.id, context.today().year, extra_copies=publication.data.extra_copies)
        self.year = _spin(1900, 2100, data.year)
        # 0 shows "next free" for a new issue; an issue that has a number keeps one.
        self.number = _spin(0 if issue_id is None else 1, 999, data.number or 0)
        self.theme = QLineEdit(data.theme or "")
        self.theme.setMaxLength(300)
        self.copy_deadline = OptionalDateEdit()
        self.copy_deadline.set_value(data.copy_deadline)
        self.publication_date = OptionalDateEdit()
        self.publication_date.set_value(data.publication_date)
        self.extra = _spin(0, 100_000, data.extra_copies or 0)
        self.notes = text_box(data.notes, lines=2, grow=False)
        for key, field in (
            ("year", self.year),
            ("number", self.number),
            ("theme", self.theme),
            ("copy_deadline", self.copy_deadline),
            ("publication_date", self.publication_date),
            ("extra_copies", self.extra),
            ("notes", self.notes),
        ):
            self.add_row(key, field)
        unwrap_labels(self.labels.values())
        self.setMinimumWidth(500)
        self.retranslate()
        self.theme.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(
            _("New issue of {publication}").format(publication=self.publication.name)
            if self.issue_id is None
            else _("Edit issue")
        )
        for key, text in (
            ("year", _("&Year")),
            ("number", _("&Number")),
            ("theme", _("T&heme")),
            ("copy_deadline", _("&Copy deadline")),
            ("publication_date", _("Co&mes out")),
            ("extra_copies", _("E&xtra copies")),
            ("notes", _("N&otes")),
        ):
            self.labels[key].setText(text)
        if self.issue_id is None:
            self.number.setSpecialValueText(_("next free"))
        self.number.setToolTip(
            _("The issue's number in its year: 2 makes {name}").format(
                name=issue_name(self.publication.code, 2, self.year.value())
            )
        )
        self.theme.setPlaceholderText(_("What the issue is about, e.g. the municipal elections"))
        self.extra.setToolTip(_("Copies printed besides the postal ones: the office, events, the archive"))
        for field in (self.copy_deadline, self.publication_date):
            field.retranslate()

    def data(self) -> IssueData:
        return IssueData(
            publication_id=self.publication.id,
            year=self.year.value(),
            number=self.number.value() or None,
            theme=self.theme.text(),
            copy_deadline=self.copy_deadline.value(),
            publication_date=self.publication_date.value(),
            extra_copies=self.extra.value(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        data, existing, code = self.data(), self.issue_id, self.publication.code

        def work(session: Session) -> uuid.UUID:
            if existing is None:
                return create_issue(session, data)
            update_issue(session, existing, data)
            return existing

        if existing is None:
            label = Label(N_("New issue of {publication}"), publication=self.publication.name)
        else:
            name = issue_name(code, data.number, data.year) if data.number else code
            label = Label(N_("Edit issue {issue}"), issue=name)
        self.issue_id = save_newsletter_change(self.context, label, work)
