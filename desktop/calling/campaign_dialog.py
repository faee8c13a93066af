"""A calling campaign's details, who it calls (its target rule), its script and its questions.

Three pages keep the dialog within a small laptop screen: the campaign itself, who is called, and the script with
its questions in the order the caller reads them. The questions are edited in a list beside a small editor for the
one chosen; each keeps its id however it is moved or changed, so answers already typed in stay with their question.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from db.branches.models import Branch
from db.calling.campaigns import (
    CampaignData,
    ScriptText,
    check_campaign,
    create_campaign,
    update_campaign,
)
from db.calling.models import CAMPAIGN_KIND_LABELS, CampaignKind, QuestionKind
from db.calling.rules import TargetRule
from db.core.district import LANGUAGE_NAMES, Language, get_district
from db.core.errors import ValidationError
from db.core.i18n import LANGUAGES, N_, Label, _
from db.members.models import MEMBER_LANGUAGE_LABELS, MEMBERSHIP_KIND_LABELS, MemberLanguage, MembershipKind
from desktop.branches.forms import FormDialog, enum_combo, label_combo, new_form, select_data
from desktop.calling.common import save_calling_change
from desktop.calling.questions_editor import QuestionsEditor, hint_label
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import OptionalDateEdit

_CHOICE_KINDS = (QuestionKind.ONE_OF, QuestionKind.SEVERAL_OF)
_DAYS_LIMIT = 3660  # what TargetRule.check accepts


def _days_spin(minimum: int, maximum: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(minimum, maximum)
    spin.setAccelerated(True)
    spin.setMinimumWidth(150)  # room for "no limit" in Finnish and Swedish
    spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return spin


def _date_field() -> OptionalDateEdit:
    field = OptionalDateEdit()
    field.setMaximumWidth(190)
    return field


class _FieldRow(QWidget):
    """Fields side by side as one form field (its own class, so a red frame set on it stays on it)."""

    def __init__(self, *widgets: QWidget, focus: QWidget | None = None) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setFocusProxy(focus or widgets[0])


class CampaignDialog(FormDialog):
    """A new campaign (``campaign_id`` None, ``initial`` usually a template) or an existing one changed.

    :attr:`campaign_id` is set once the campaign is saved. Nothing is written until Save, and a refused value is
    shown beside its field, on its page, with everything else as typed.
    """

    def __init__(
        self,
        context: ShellContext,
        initial: CampaignData,
        campaign_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.initial = initial
        self.campaign_id = campaign_id
        self._editing = campaign_id is not None
        self.tabs = QTabWidget()
        self.form.addRow(self.tabs)
        self.hints: dict[str, QLabel] = {}

        # The campaign
        form = self._page()
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.kind = enum_combo(CampaignKind)
        self.purpose = QPlainTextEdit()
        self.purpose.setTabChangesFocus(True)
        self.purpose.setFixedHeight(60)
        self.starts_on = _date_field()
        self.ends_on = _date_field()
        self.cooldown_days = _days_spin(0, 365)
        self.passes = _days_spin(1, 10)
        self._add(form, "name", self.name)
        self._add(form, "kind", self.kind)
        self._add(form, "purpose", self.purpose)
        self._add(form, "starts_on", self.starts_on)
        self._add(form, "ends_on", self.ends_on)
        self._add(form, "cooldown_days", self.cooldown_days)
        self._add(form, "passes", self.passes)

        # Who is called
        form = self._page()
        self.branches_model = QStandardItemModel(self)
        self.branches = QListView()
        self.branches.setModel(self.branches_model)
        self.branches.setMinimumHeight(110)
        self.branches.setMaximumHeight(170)
        self.kind_boxes = {kind: QCheckBox() for kind in MembershipKind}
        self.include_applicants = QCheckBox()
        self.joined_from = _date_field()
        self.joined_to = _date_field()
        self.joined_dash = QLabel("–")
        self.joined_within_days = _days_spin(0, _DAYS_LIMIT)
        self.language_boxes = {language: QCheckBox() for language in MemberLanguage}
        self.requires_phone = QCheckBox()
        self.not_reached_days = _days_spin(0, _DAYS_LIMIT)
        self._add(form, "branches", _with_hint(self.branches, self._hint("branches")))
        self._add(form, "kinds", _FieldRow(*self.kind_boxes.values(), self.include_applicants), "include_applicants")
        joined = _FieldRow(self.joined_from, self.joined_dash, self.joined_to, focus=self.joined_to)
        self._add(form, "joined_from", joined, "joined_to")
        self._add(form, "joined_within_days", self.joined_within_days)
        self._add(form, "languages", _with_hint(_FieldRow(*self.language_boxes.values()), self._hint("languages")))
        self._add(form, "requires_phone", self.requires_phone)
        self._add(form, "not_reached_days", self.not_reached_days)

        # Script and questions, in the order the caller reads them; in each language a caller may speak
        form = self._page()
        self.script_language = QComboBox()
        for code in LANGUAGES:
            self.script_language.addItem("", code)
        # The language the script was first written in (a campaign made before scripts had languages: the
        # district's, as printing assumes); its words in the others are kept apart, by language.
        self._written_in = initial.script_language or self._district_language()
        self._shown_language = self._written_in
        self._script: dict[str, ScriptText] = {}
        self._add(form, "script_language", _with_hint(self.script_language, self._hint("script_language")))
        self.intro = QPlainTextEdit()
        self.intro.setTabChangesFocus(True)
        self.intro.setFixedHeight(64)
        self.questions = QuestionsEditor()
        self.closing = QPlainTextEdit()
        self.closing.setTabChangesFocus(True)
        self.closing.setFixedHeight(52)
        self._add(form, "intro", self.intro)
        self._add(form, "questions", self.questions)
        self._add(form, "closing", self.closing)

        self._load_branches(initial.rule.branch_ids)
        self._show(initial)
        self.script_language.currentIndexChanged.connect(lambda _index: self._show_script_language())
        self.retranslate()
        # Room for the script page's list and editor, within a 1366×768 screen less its task bar.
        available = self.screen().availableGeometry()
        self.resize(min(860, available.width()), min(640, available.height() - 60))
        self.name.setFocus()

    # --- building ----------------------------------------------------------------------------------------------

    def _page(self) -> QFormLayout:
        """Add a page to the tabs and return its form; the page scrolls rather than clip on a small screen."""
        page = QWidget()
        form = new_form()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addStretch(1)  # rows keep their height; the room left over goes under the last one
        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.tabs.addTab(scroll, "")
        return form

    def _add(self, form: QFormLayout, key: str, field: QWidget, *aliases: str) -> None:
        # FormDialog.add_row puts its rows on self.form; each page has its own form.
        main, self.form = self.form, form
        try:
            self.add_row(key, field, *aliases)
        finally:
            self.form = main

    def _hint(self, key: str) -> QLabel:
        self.hints[key] = hint_label()
        return self.hints[key]

    def _load_branches(self, chosen: tuple[uuid.UUID, ...]) -> None:
        """List the district's branches to tick; a branch the rule names that is gone is listed too, ticked."""
        with self.context.database.reading() as session:
            live = list(
                session.execute(
                    select(Branch.id, Branch.name).where(Branch.deleted_at.is_(None)).order_by(Branch.name)
                ).tuples()
            )
            known = {branch_id for branch_id, _name in live}
            missing = [branch_id for branch_id in chosen if branch_id not in known]
            gone = dict(session.execute(select(Branch.id, Branch.name).where(Branch.id.in_(missing))).tuples().all())
        self._removed_branches: dict[uuid.UUID, str] = {branch_id: gone.get(branch_id, "?") for branch_id in missing}
        for branch_id, name in [*live, *self._removed_branches.items()]:
            item = QStandardItem(name)
            item.setData(branch_id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if branch_id in chosen else Qt.CheckState.Unchecked)
            self.branches_model.appendRow(item)

    def _show(self, data: CampaignData) -> None:
        self.name.setText(data.name)
        select_data(self.kind, data.kind)
        self.purpose.setPlainText(data.purpose or "")
        self.starts_on.set_value(data.starts_on)
        self.ends_on.set_value(data.ends_on)
        self.cooldown_days.setValue(data.cooldown_days)
        self.passes.setValue(data.passes)
        rule = data.rule
        for kind, box in self.kind_boxes.items():
            box.setChecked(kind.value in rule.kinds)
        self.include_applicants.setChecked(rule.include_applicants)
        self.joined_from.set_value(rule.joined_from)
        self.joined_to.set_value(rule.joined_to)
        self.joined_within_days.setValue(rule.joined_within_days or 0)
        for language, box in self.language_boxes.items():
            box.setChecked(language.value in rule.languages)
        self.requires_phone.setChecked(rule.requires_phone)
        self.not_reached_days.setValue(rule.not_reached_days or 0)
        self._script = {**data.translations, self._written_in: ScriptText(data.intro, data.closing)}
        self._shown_language = self._written_in
        select_data(self.script_language, self._written_in)
        self.intro.setPlainText(data.intro)
        self.closing.setPlainText(data.closing)
        self.questions.set_questions(data.questions)

    def _district_language(self) -> str:
        with self.context.database.reading() as session:
            return get_district(session).language.value

    def _keep_shown_script(self) -> None:
        self._script[self._shown_language] = ScriptText(self.intro.toPlainText(), self.closing.toPlainText())

    def _show_script_language(self) -> None:
        """Show the script's words in the language chosen; the words as written show through where none are."""
        self._keep_shown_script()
        language = self.script_language.currentData() or self._written_in
        self._shown_language = language
        shown = self._script.get(language, ScriptText())
        written = self._script[self._written_in]
        translating = language != self._written_in
        self.intro.setPlainText(shown.intro)
        self.closing.setPlainText(shown.closing)
        self.intro.setPlaceholderText(written.intro if translating else "")
        self.closing.setPlaceholderText(written.closing if translating else "")
        self.questions.set_language(language if translating else None)

    # --- reading what is typed ---------------------------------------------------------------------------------

    def checked_branches(self) -> tuple[uuid.UUID, ...]:
        """The branches ticked, in list order."""
        return tuple(
            self.branches_model.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.branches_model.rowCount())
            if self.branches_model.item(row).checkState() == Qt.CheckState.Checked
        )

    def rule(self) -> TargetRule:
        """The target rule as set (keys a newer program wrote are kept as they were)."""
        return replace(
            self.initial.rule,
            branch_ids=self.checked_branches(),
            kinds=tuple(kind.value for kind, box in self.kind_boxes.items() if box.isChecked()),
            include_applicants=self.include_applicants.isChecked(),
            joined_from=self.joined_from.value(),
            joined_to=self.joined_to.value(),
            joined_within_days=self.joined_within_days.value() or None,
            languages=tuple(language.value for language, box in self.language_boxes.items() if box.isChecked()),
            requires_phone=self.requires_phone.isChecked(),
            not_reached_days=self.not_reached_days.value() or None,
        )

    def campaign_values(self) -> CampaignData:
        """What is typed, not yet checked."""
        self._keep_shown_script()
        written = self._script[self._written_in]
        return CampaignData(
            name=self.name.text(),
            kind=self.kind.currentData(),
            purpose=self.purpose.toPlainText() or None,
            starts_on=self.starts_on.value(),
            ends_on=self.ends_on.value(),
            intro=written.intro,
            closing=written.closing,
            rule=self.rule(),
            cooldown_days=self.cooldown_days.value(),
            passes=self.passes.value(),
            questions=self.questions.questions(),
            script_language=self._written_in,
            translations={language: text for language, text in self._script.items() if language != self._written_in},
        )

    def save(self) -> None:
        data = check_campaign(self.campaign_values())
        existing = self.campaign_id
        if existing is None:
            self.campaign_id = save_calling_change(
                self.context, Label(N_("New campaign")), lambda session: create_campaign(session, data)
            )
        else:
            save_calling_change(
                self.context, Label(N_("Edit campaign")), lambda session: update_campaign(session, existing, data)
            )

    def show_validation(self, error: ValidationError) -> None:
        """Turn to the page of the refused field, then show the reason beside it."""
        target = self.errors.get(error.field)
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not None and target is not None and page.isAncestorOf(target):
                self.tabs.setCurrentIndex(index)
                if isinstance(page, QScrollArea):
                    page.ensureWidgetVisible(target)
        super().show_validation(error)

    # --- texts ---------------------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Edit campaign") if self._editing else _("New campaign"))
        self.tabs.setTabText(0, _("Campaign"))
        self.tabs.setTabText(1, _("Who is called"))
        self.tabs.setTabText(2, _("Script and questions"))
        for key, text in (
            ("name", _("Name")),
            ("kind", _("Kind")),
            ("purpose", _("Purpose")),
            ("starts_on", _("Starts")),
            ("ends_on", _("Ends")),
            ("cooldown_days", _("Days before calling again")),
            ("passes", _("Calls to a member at most")),
            ("branches", _("Branches")),
            ("kinds", _("Membership")),
            ("joined_from", _("Joined between")),
            ("joined_within_days", _("Joined within (days)")),
            ("languages", _("Language")),
            ("requires_phone", _("Phone")),
            ("not_reached_days", _("Leave out if reached elsewhere within (days)")),
            ("script_language", _("Language")),
            ("intro", _("Introduction")),
            ("questions", _("Questions")),
            ("closing", _("Closing")),
        ):
            self.labels[key].setText(text)
        label_combo(self.kind, CAMPAIGN_KIND_LABELS)
        self.kind.setToolTip(
            _(
                "A welcome call is a standing campaign: every new member who has not been called enters it by "
                "themselves."
            )
        )
        self.purpose.setToolTip(_("Why the campaign calls, in a sentence; the cover page of the sheets shows it"))
        self.starts_on.retranslate()
        self.ends_on.retranslate()
        self.cooldown_days.setToolTip(
            _(
                "After a call that did not reach the member (no answer, busy), this many days pass before "
                "they are put on a sheet again."
            )
        )
        self.passes.setToolTip(
            _("How many times a member who is not reached is called in this campaign before they are left out.")
        )
        kind_texts = {MembershipKind.MEMBER: _("Members"), MembershipKind.SUPPORTER: _("Supporters")}
        for kind, box in self.kind_boxes.items():
            box.setText(kind_texts.get(kind, _(MEMBERSHIP_KIND_LABELS[kind])))
        self.include_applicants.setText(_("Applicants"))
        self.include_applicants.setToolTip(_("Also call people whose application has not yet been accepted"))
        for box in self.kind_boxes.values():
            box.setToolTip(_("None ticked: members and supporters alike"))
        self.hints["branches"].setText(_("None ticked: the members of every branch."))
        self.branches.setToolTip(_("Tick the branches whose members are called (Space ticks)"))
        for row in range(self.branches_model.rowCount()):
            item = self.branches_model.item(row)
            branch_id = item.data(Qt.ItemDataRole.UserRole)
            if branch_id in self._removed_branches:
                item.setText(_("{name} (removed)").format(name=self._removed_branches[branch_id]))
        self.joined_from.retranslate()
        self.joined_to.retranslate()
        self.joined_within_days.setSpecialValueText(_("no limit"))
        self.joined_within_days.setToolTip(
            _(
                "Only members who joined this many days ago or less. A standing campaign such as the welcome "
                "call uses it: new members enter by themselves."
            )
        )
        for language, box in self.language_boxes.items():
            box.setText(_(MEMBER_LANGUAGE_LABELS[language]))
        self.hints["languages"].setText(_("None ticked: every language."))
        self.requires_phone.setText(_("Only members with a usable phone"))
        self.requires_phone.setToolTip(
            _("Members without a valid phone number are left out of the queue, and counted as such")
        )
        self.not_reached_days.setSpecialValueText(_("not used"))
        self.not_reached_days.setToolTip(
            _(
                "Leave out members reached in another campaign within this many days, so nobody is called "
                "twice in a short time."
            )
        )
        for index in range(self.script_language.count()):
            code = self.script_language.itemData(index)
            self.script_language.setItemText(index, _(LANGUAGE_NAMES[Language(code)]))
        self.hints["script_language"].setText(
            _(
                "Each caller's sheets are printed in their language. Choose a language to write the script in it; "
                "what is not written in a language prints in {language}, as written."
            ).format(language=_(LANGUAGE_NAMES[Language(self._written_in)]))
        )
        self.script_language.setToolTip(
            _("The questions themselves (their kinds and order) are changed in the language they were written in")
        )
        self.intro.setToolTip(_("What the caller says first; printed on the cover page"))
        self.closing.setToolTip(_("What the caller says before hanging up"))
        self.questions.retranslate()


def _with_hint(field: QWidget, hint: QLabel) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(hint)
    return box
