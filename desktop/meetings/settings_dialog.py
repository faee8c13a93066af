"""Body settings…: how one body meets — § numbering and style, notice, quorum, target, language, ordinary items."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget
from sqlalchemy.orm import Session

from db.branches.models import BodyKind
from db.core.district import Language
from db.core.i18n import N_, Label, _
from db.meetings.models import (
    QUORUM_RULE_LABELS,
    SECTION_NUMBERING_LABELS,
    SECTION_STYLE_LABELS,
    QuorumRule,
    SectionNumbering,
    SectionStyle,
)
from db.meetings.settings import MeetingSettingsData, body_settings, save_body_settings
from desktop.branches.forms import FormDialog, enum_combo, label_combo
from desktop.meetings.common import save_meeting_change
from desktop.meetings.fields import select_value, text_box, unwrap_labels
from desktop.meetings.meeting_dialog import LANGUAGE_LABELS
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import OptionalDateEdit


class BodySettingsDialog(FormDialog):
    """The meeting settings of the body chosen at the top; choosing another body shows its settings."""

    def __init__(
        self,
        context: ShellContext,
        bodies: Sequence[tuple[uuid.UUID, str, BodyKind]],
        body_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self._shown_items: tuple[str, ...] = ()
        self._stored_items: tuple[str, ...] | None = None
        self.body = QComboBox()
        for each_id, name, _kind in bodies:
            self.body.addItem(name, each_id)
        select_value(self.body, body_id)
        self.abbreviation = QLineEdit()
        self.abbreviation.setMaxLength(12)
        self.language = QComboBox()
        self.language.addItem("", None)
        for language in Language:
            self.language.addItem("", language)
        self.numbering = enum_combo(SectionNumbering)
        self.section_style = QComboBox()
        self.section_style.addItem("", None)
        for style in SectionStyle:
            self.section_style.addItem("", style)
        self.notice_days = QSpinBox()
        self.notice_days.setRange(0, 120)
        self.quorum_rule = enum_combo(QuorumRule)
        self.quorum_count = QSpinBox()
        self.quorum_count.setRange(0, 99)
        self.target_meetings = QSpinBox()
        self.target_meetings.setRange(0, 200)
        self.period_starts_on = OptionalDateEdit()
        self.period_months = QSpinBox()
        self.period_months.setRange(1, 60)
        self.ordinary_items = text_box(lines=5, grow=False)
        self.quorum_rule.currentIndexChanged.connect(lambda _index: self._enable_count())
        self.body.currentIndexChanged.connect(lambda _index: self.load())
        self.add_row("body", self.body)
        self.add_row("abbreviation", self.abbreviation)
        self.add_row("language", self.language)
        self.add_row("numbering", self.numbering)
        self.add_row("section_style", self.section_style)
        self.add_row("notice_days", self.notice_days)
        self.add_row("quorum_rule", self.quorum_rule)
        self.add_row("quorum_count", self.quorum_count)
        self.add_row("target_meetings", self.target_meetings)
        self.add_row("period_starts_on", self.period_starts_on)
        self.add_row("period_months", self.period_months)
        self.add_row("ordinary_items", self.ordinary_items)
        self.setMinimumWidth(600)
        unwrap_labels(self.labels.values())
        self.retranslate()
        self.load()
        self.body.setFocus()

    def body_id(self) -> uuid.UUID | None:
        value = self.body.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def load(self) -> None:
        """Show the chosen body's settings (its defaults where it has none stored)."""
        body_id = self.body_id()
        if body_id is None:
            return
        with self.context.database.reading() as session:
            settings = body_settings(session, body_id)
        stored = settings.stored
        self.abbreviation.setText(stored.abbreviation or "")
        self.abbreviation.setPlaceholderText(settings.code)
        select_value(self.language, stored.language)
        select_value(self.numbering, stored.numbering)
        select_value(self.section_style, stored.section_style)
        self.notice_days.setValue(stored.notice_days)
        select_value(self.quorum_rule, stored.quorum_rule)
        self.quorum_count.setValue(stored.quorum_count or 0)
        self.target_meetings.setValue(stored.target_meetings or 0)
        self.period_starts_on.set_value(stored.period_starts_on)
        self.period_months.setValue(stored.period_months)
        self._stored_items = stored.ordinary_items
        self._shown_items = settings.ordinary_items
        self.ordinary_items.setPlainText("\n".join(settings.ordinary_items))
        self._enable_count()
        self.clear_errors()

    def _enable_count(self) -> None:
        self.quorum_count.setEnabled(self.quorum_rule.currentData() == QuorumRule.FIXED)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Body settings"))
        for key, text in (
            ("body", _("&Body")),
            ("abbreviation", _("S&hort name")),
            ("language", _("L&anguage of the papers")),
            ("numbering", _("§ n&umbering")),
            ("section_style", _("§ &style")),
            ("notice_days", _("&Notice")),
            ("quorum_rule", _("&Quorum")),
            ("quorum_count", _("Members for a quorum")),
            ("target_meetings", _("&Target")),
            ("period_starts_on", _("&Period begins")),
            ("period_months", _("Period &length")),
            ("ordinary_items", _("&Ordinary items")),
        ):
            self.labels[key].setText(text)
        self.abbreviation.setToolTip(_("Names the body's meetings, as PH in PH 5/2026; 1 to 12 letters or digits"))
        self.language.setItemText(0, _("The branch's or the district's language"))
        for index in range(1, self.language.count()):
            self.language.setItemText(index, _(LANGUAGE_LABELS[self.language.itemData(index)]))
        label_combo(self.numbering, SECTION_NUMBERING_LABELS)
        self.section_style.setItemText(0, _("As the language writes it"))
        for index in range(1, self.section_style.count()):
            self.section_style.setItemText(index, _(SECTION_STYLE_LABELS[self.section_style.itemData(index)]))
        self.notice_days.setSuffix(_(" days before"))
        self.notice_days.setToolTip(_("How many days before the meeting its notice must go out at the latest"))
        label_combo(self.quorum_rule, QUORUM_RULE_LABELS)
        self.target_meetings.setSpecialValueText(_("No target"))
        self.target_meetings.setSuffix(_(" meetings a period"))
        self.target_meetings.setToolTip(_("How many meetings the body should hold in a period (the district board 8)"))
        self.period_starts_on.retranslate()
        self.period_starts_on.setToolTip(_("The first day of a period; leave empty for calendar years"))
        self.period_months.setSuffix(_(" months"))
        self.ordinary_items.setToolTip(_("The body's usual business, one title a line: a new agenda has these items"))

    def data(self) -> MeetingSettingsData:
        """What is typed; ordinary items left as shown keep following the body's kind and language."""
        lines = tuple(line.strip() for line in self.ordinary_items.toPlainText().splitlines() if line.strip())
        items = self._stored_items if self._stored_items is None and lines == self._shown_items else lines
        return MeetingSettingsData(
            abbreviation=self.abbreviation.text(),
            language=self.language.currentData(),
            numbering=self.numbering.currentData(),
            section_style=self.section_style.currentData(),
            notice_days=self.notice_days.value(),
            quorum_rule=self.quorum_rule.currentData(),
            quorum_count=self.quorum_count.value() or None,
            target_meetings=self.target_meetings.value() or None,
            period_starts_on=self.period_starts_on.value(),
            period_months=self.period_months.value(),
            ordinary_items=items,
        )

    def save(self) -> None:
        body_id = self.body_id()
        if body_id is None:
            return
        data = self.data()

        def work(session: Session) -> None:
            save_body_settings(session, body_id, data)

        save_meeting_change(self.context, Label(N_("Meeting settings of {body}"), body=self.body.currentText()), work)
