"""A media item's dialog: what it is, where it stands, who wrote it, where it went, and its text.

Two pages keep the dialog within a laptop's height: the item (kind, title, status, author, dates, the outlets it
went to, topic, link) and its text (the body of a press release or an op-ed, an embargo and whom to ask for more,
which only a press release prints, and the office's notes). The status offers only the moves the item may make
(``db.media.items.allowed_statuses``); reaching sent or published fills in that date when it is empty.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from db.core.district import get_district
from db.core.errors import ValidationError
from db.core.i18n import N_, Label, _
from db.media.items import MediaItemData, allowed_statuses, create_item, item_data, topics, update_item
from db.media.models import (
    MEDIA_ITEM_KIND_LABELS,
    MEDIA_ITEM_STATUS_LABELS,
    ItemLanguage,
    MediaItemKind,
    MediaItemStatus,
)
from db.media.outlets import list_outlets
from db.members.models import Member
from desktop.branches.forms import FormDialog, enum_combo, label_combo, new_form
from desktop.media.common import MUTED_COLOR, save_media_change
from desktop.media.fields import OptionalMomentEdit, add_row_to
from desktop.meetings.fields import TickList, select_value, text_box, unwrap_labels
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import MemberPicker, OptionalDateEdit

ITEM_LANGUAGE_LABELS = {ItemLanguage.FI: N_("Finnish"), ItemLanguage.SV: N_("Swedish"), ItemLanguage.EN: N_("English")}
ITEM_PAGE, TEXT_PAGE = range(2)


class MediaItemDialog(FormDialog):
    """Add a media item, or change one (``item_id`` given)."""

    def __init__(
        self,
        context: ShellContext,
        item_id: uuid.UUID | None = None,
        *,
        kind: MediaItemKind = MediaItemKind.PRESS_RELEASE,
        author_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.item_id = item_id
        with context.database.reading() as session:
            data = item_data(session, item_id) if item_id is not None else None
            outlets = list_outlets(session)
            known_topics = topics(session)
            district_language = get_district(session).language.value
        current = data.outlet_ids if data else ()
        self._statuses = (data.status, *allowed_statuses(data.status)) if data is not None else tuple(MediaItemStatus)
        self.kind = enum_combo(MediaItemKind)
        self.title_field = QLineEdit()
        self.title_field.setMaxLength(300)
        self.status = enum_combo(self._statuses)
        self.author = MemberPicker(context.database, context.today())
        self.author_name = QLineEdit()
        self.author_name.setMaxLength(200)
        self.planned_on = OptionalDateEdit()
        self.sent_on = OptionalDateEdit()
        self.published_on = OptionalDateEdit()
        self.topic = QLineEdit()
        self.topic.setMaxLength(200)
        completer = QCompleter(known_topics, self.topic)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.topic.setCompleter(completer)
        self.link = QLineEdit()
        self.link.setMaxLength(500)
        self.language = enum_combo(ItemLanguage)
        self.outlets = TickList()
        # Inactive outlets are offered only when the item already went to them.
        self.outlets.set_entries(
            [(outlet.id, outlet.name) for outlet in outlets if outlet.data.active or outlet.id in current], current
        )
        self.outlets.setMinimumHeight(160)
        self.outlets_label = QLabel()
        self.outlets_label.setBuddy(self.outlets)
        self.outlets_hint = QLabel()
        self.outlets_hint.setWordWrap(True)
        self.outlets_hint.setStyleSheet(f"color: {MUTED_COLOR};")
        self.body = text_box(data.body if data else None, lines=8)
        self.embargo = OptionalMomentEdit()
        self.further_information = text_box(data.further_information if data else None, lines=2, grow=False)
        self.notes = text_box(data.notes if data else None, lines=2, grow=False)

        self.pages = QTabWidget()
        item_page = QWidget()
        columns = QHBoxLayout(item_page)
        self.item_form = new_form()
        columns.addLayout(self.item_form, 3)
        outlet_column = QVBoxLayout()
        outlet_column.addWidget(self.outlets_label)
        outlet_column.addWidget(self.outlets, 1)
        outlet_column.addWidget(self.outlets_hint)
        columns.addLayout(outlet_column, 2)
        text_page = QWidget()
        self.text_form = new_form()
        text_page.setLayout(self.text_form)
        self.pages.addTab(item_page, "")
        self.pages.addTab(text_page, "")
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.pages, 1)

        item_fields: tuple[tuple[str, QWidget, tuple[str, ...]], ...] = (
            ("kind", self.kind, ()),
            ("title", self.title_field, ()),
            ("status", self.status, ()),
            ("author", self.author, ("author_id",)),
            ("author_name", self.author_name, ()),
            ("planned_on", self.planned_on, ()),
            ("sent_on", self.sent_on, ()),
            ("published_on", self.published_on, ()),
            ("topic", self.topic, ()),
            ("link", self.link, ()),
            ("language", self.language, ()),
        )
        for key, field, aliases in item_fields:
            add_row_to(self, self.item_form, key, field, *aliases)
        self.errors["outlet_ids"] = self.general_error
        text_fields: tuple[tuple[str, QWidget], ...] = (
            ("body", self.body),
            ("embargo_until", self.embargo),
            ("further_information", self.further_information),
            ("notes", self.notes),
        )
        for key, text_field in text_fields:
            add_row_to(self, self.text_form, key, text_field)
        unwrap_labels(self.labels.values())
        self.kind.currentIndexChanged.connect(lambda _index: self._kind_changed())
        self._fill(data, kind, author_name, ItemLanguage(district_language))
        self.setMinimumWidth(780)
        self.retranslate()
        self.title_field.setFocus()

    def _fill(self, data: MediaItemData | None, kind: MediaItemKind, author_name: str, language: ItemLanguage) -> None:
        if data is None:
            select_value(self.kind, kind)
            select_value(self.status, MediaItemStatus.IDEA)
            select_value(self.language, language)  # the district's language to begin with
            self.author_name.setText(author_name)
            self._kind_changed()
            return
        select_value(self.kind, data.kind)
        self.title_field.setText(data.title)
        select_value(self.status, data.status)
        if data.author_id is not None:
            with self.context.database.reading() as session:
                member = session.get(Member, data.author_id)
                known = member is not None and member.erased_at is None
                name = f"{member.first_name} {member.last_name}" if member is not None and known else ""
            self.author.set_member(data.author_id, name)
        else:
            self.author_name.setText(data.author_name or "")
        self.planned_on.set_value(data.planned_on)
        self.sent_on.set_value(data.sent_on)
        self.published_on.set_value(data.published_on)
        self.topic.setText(data.topic or "")
        self.link.setText(data.link or "")
        select_value(self.language, data.language)
        self.embargo.set_value(data.embargo_until)
        self._kind_changed()

    def _kind_changed(self) -> None:
        """An embargo and whom to ask for more are a press release's alone."""
        release = self.kind.currentData() == MediaItemKind.PRESS_RELEASE
        for key in ("embargo_until", "further_information"):
            self.labels[key].setVisible(release)
        self.embargo.setVisible(release)
        self.further_information.setVisible(release)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New media item") if self.item_id is None else _("Edit media item"))
        label_combo(self.kind, MEDIA_ITEM_KIND_LABELS)
        label_combo(self.status, MEDIA_ITEM_STATUS_LABELS)
        label_combo(self.language, ITEM_LANGUAGE_LABELS)
        self.pages.setTabText(ITEM_PAGE, _("&Item"))
        self.pages.setTabText(TEXT_PAGE, _("Te&xt"))
        self.pages.setTabToolTip(TEXT_PAGE, _("The text as printed, the embargo and whom journalists ask for more"))
        for key, text in (
            ("kind", _("&Kind")),
            ("title", _("&Title")),
            ("status", _("&Status")),
            ("author", _("&Author")),
            ("author_name", _("Or &name")),
            ("planned_on", _("&Planned")),
            ("sent_on", _("S&ent")),
            ("published_on", _("P&ublished")),
            ("topic", _("T&opic")),
            ("link", _("&Link")),
            ("language", _("Lan&guage")),
            ("body", _("&Text")),
            ("embargo_until", _("&Embargo until")),
            ("further_information", _("&Further information")),
            ("notes", _("N&otes")),
        ):
            self.labels[key].setText(text)
        self.outlets_label.setText(_("Sent &to"))
        self.outlets_hint.setText(_("The outlets are kept with Outlets… on the Media tab."))
        self.status.setToolTip(_("Only the moves this item can make are offered"))
        self.author.setPlaceholderText(_("Type part of a name, a number or an e-mail address"))
        self.author_name.setPlaceholderText(_("A writer not in the register"))
        self.topic.setPlaceholderText(_("A theme or a campaign, e.g. Kuntavaalit"))
        self.link.setPlaceholderText("https://")
        self.further_information.setPlaceholderText(_("A name and a phone number; the author's name when empty"))
        self.body.setPlaceholderText(_("Paragraphs separated by a blank line"))
        for field in (self.planned_on, self.sent_on, self.published_on):
            field.retranslate()
        self.embargo.retranslate()

    def data(self) -> MediaItemData:
        """What is typed (a member chosen wins over a name typed)."""
        member_id = self.author.chosen_id
        return MediaItemData(
            kind=self.kind.currentData(),
            title=self.title_field.text(),
            status=self.status.currentData(),
            author_id=member_id,
            author_name=None if member_id else self.author_name.text(),
            planned_on=self.planned_on.value(),
            sent_on=self.sent_on.value(),
            published_on=self.published_on.value(),
            link=self.link.text(),
            topic=self.topic.text(),
            notes=self.notes.toPlainText(),
            body=self.body.toPlainText(),
            language=self.language.currentData(),
            embargo_until=self.embargo.value() if self.kind.currentData() == MediaItemKind.PRESS_RELEASE else None,
            further_information=self.further_information.toPlainText(),
            outlet_ids=self.outlets.ticked(),
        )

    def save(self) -> None:
        data, existing, today = self.data(), self.item_id, self.context.today()

        def work(session: Session) -> uuid.UUID:
            if existing is None:
                return create_item(session, data, today)
            update_item(session, existing, data, today)
            return existing

        title = " ".join(data.title.split())
        label = (
            Label(N_("Add media item “{title}”"), title=title)
            if existing is None
            else Label(N_("Edit media item “{title}”"), title=title)
        )
        self.item_id = save_media_change(self.context, label, work)

    def show_validation(self, error: ValidationError) -> None:
        """Show the page that holds the refused field, then the reason beside it."""
        if error.field in ("body", "embargo_until", "further_information", "notes"):
            self.pages.setCurrentIndex(TEXT_PAGE)
        elif error.field in self.errors and error.field != "outlet_ids":
            self.pages.setCurrentIndex(ITEM_PAGE)
        super().show_validation(error)
