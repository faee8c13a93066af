"""The Privacy view's dialogs: pick a person for an access request, confirm an erasure, review a purge."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.core.district import LANGUAGE_NAMES, Language
from db.core.i18n import N_, _, format_day, ngettext
from db.members.models import END_REASON_LABELS
from db.privacy.retention import PURGE_ACTION_LABELS, PurgeCandidate, PurgeReport
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import ListColumn, ListTableModel, MemberPicker, small_table

_WARNING_STYLE = "color: #cf222e; font-weight: 600;"


def same_name(typed: str, name: str) -> bool:
    """Whether ``typed`` is ``name``, regardless of case and of extra spaces."""
    wanted = " ".join(name.split()).casefold()
    return bool(wanted) and " ".join(typed.split()).casefold() == wanted


class AccessRequestDialog(QDialog):
    """Choose whose access request to answer and in which language; :attr:`member_id` holds the choice."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Access request"))
        self.setMinimumWidth(520)
        self.member_id: uuid.UUID | None = None
        self.intro = QLabel(
            _(
                "Everything Kansli holds about one person (their data, memberships, consents, positions, the change "
                "log and the exports that included them) is written as a readable PDF and a JSON file for them."
            )
        )
        self.intro.setWordWrap(True)
        self.picker = MemberPicker(context.database, context.today())
        self.picker.setPlaceholderText(_("Name, member number, phone or e-mail"))
        self.picker.member_chosen.connect(self._chosen)
        self.language_box = QComboBox()
        self.language_box.addItem(_("The person's own language"), None)
        for language in Language:
            self.language_box.addItem(_(LANGUAGE_NAMES[language]), str(language))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("Person"), self.picker)
        form.addRow(_("Language"), self.language_box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(_("Choose a folder…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _chosen(self, member_id: uuid.UUID) -> None:
        self.member_id = member_id
        self.ok_button.setEnabled(True)

    def language(self) -> str | None:
        """The language chosen, or None for the person's own."""
        value = self.language_box.currentData()
        return str(value) if value else None


class EraseDialog(QDialog):
    """Choose whose data to erase, say what stays, and make the user type the name before it can go ahead."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Erase personal data"))
        self.setMinimumWidth(560)
        self.member_id: uuid.UUID | None = None
        self.name = ""
        self.picker = MemberPicker(context.database, context.today())
        self.picker.setPlaceholderText(_("Name, member number, phone or e-mail"))
        self.picker.member_chosen.connect(self._chosen)
        self.explanation = QLabel(
            _(
                "Erasing removes the person's name, address, phone numbers, e-mail addresses, notes, interests and "
                "household links everywhere, including the old values in the change log.\n\n"
                "What stays, without the name: the member number (so that the central office erases the same "
                "person, and an import does not bring them back), year of birth and language, memberships and "
                "positions of trust (for the statistics and the history of each body), and the consent events "
                "without their notes. The next sync carries the erasure to the central office."
            )
        )
        self.explanation.setWordWrap(True)
        self.warning = QLabel(_("This cannot be undone, not even with Edit ▸ Undo."))
        self.warning.setStyleSheet(_WARNING_STYLE)
        self.confirm_label = QLabel(_("To confirm, type the person's name."))
        self.confirm_label.setWordWrap(True)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEnabled(False)
        self.confirm_edit.textChanged.connect(lambda _text: self._update_button())
        self.confirm_label.setBuddy(self.confirm_edit)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("Person"), self.picker)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button: QPushButton = self.buttons.addButton(_("Erase"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.erase_button.setEnabled(False)
        self.erase_button.setToolTip(_("Enabled once the name is typed exactly"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.explanation)
        layout.addWidget(self.warning)
        layout.addWidget(self.confirm_label)
        layout.addWidget(self.confirm_edit)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _chosen(self, member_id: uuid.UUID) -> None:
        self.member_id = member_id
        self.name = self.picker.text()
        self.confirm_label.setText(_("To confirm, type the person's name: {name}").format(name=self.name))
        self.confirm_edit.clear()
        self.confirm_edit.setEnabled(True)
        self.confirm_edit.setFocus()
        self._update_button()

    def _update_button(self) -> None:
        self.erase_button.setEnabled(self.member_id is not None and same_name(self.confirm_edit.text(), self.name))


def _reason(candidate: PurgeCandidate) -> str:
    return _(END_REASON_LABELS[candidate.reason]) if candidate.reason else _("No reason recorded")


_PURGE_COLUMNS: list[ListColumn[PurgeCandidate]] = [
    ListColumn(N_("Name"), lambda row: row.name),
    ListColumn(N_("Number"), lambda row: row.member_number or ""),
    ListColumn(N_("Ended because"), _reason),
    ListColumn(N_("Ended"), lambda row: format_day(row.ended_on)),
    ListColumn(N_("Due since"), lambda row: format_day(row.due_on)),
    ListColumn(N_("What happens"), lambda row: _(PURGE_ACTION_LABELS[row.action])),
]


class PurgeDialog(QDialog):
    """What a purge would do (a dry run): each person, why, and what happens; the user confirms or cancels."""

    def __init__(self, report: PurgeReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Purge now"))
        self.resize(820, 480)
        count = len(report.candidates)
        self.summary = QLabel(
            ngettext(
                "The retention period of {count} former member has passed. Their data is erased as shown:",
                "The retention period of {count} former members has passed. Their data is erased as shown:",
                count,
            ).format(count=count)
        )
        self.summary.setWordWrap(True)
        self.model: ListTableModel[PurgeCandidate] = ListTableModel(_PURGE_COLUMNS, self)
        self.model.set_rows(report.candidates)
        self.table = small_table(self.model)
        self.kept = QLabel(
            ngettext(
                "{count} more person is kept because they agreed to be kept in the archive.",
                "{count} more people are kept because they agreed to be kept in the archive.",
                report.kept_by_consent,
            ).format(count=report.kept_by_consent)
        )
        self.kept.setVisible(report.kept_by_consent > 0)
        self.warning = QLabel(_("This cannot be undone."))
        self.warning.setStyleSheet(_WARNING_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.purge_button = self.buttons.addButton(
            ngettext("Purge {count} person", "Purge {count} people", count).format(count=count),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.kept)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
