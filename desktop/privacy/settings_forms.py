"""The two settings forms of the Privacy view: the retention rules, and the district's register description facts."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.core.district import LANGUAGE_NAMES, Language
from db.core.i18n import N_, _
from db.privacy.register import RegisterSettings
from db.privacy.retention import MAX_MONTHS, RetentionRules

# Each rule's label and the one line that says why the authorities' default is what it is.
_RULE_TEXTS = {
    "resigned_months": (
        N_("Resigned or expelled"),
        N_("Time to settle fees and correct mistakes; resignation means the person wants to be forgotten."),
    ),
    "lapsed_months": (
        N_("Lapsed (fees unpaid)"),
        N_("A lapsed member often pays late and is reinstated; also when no reason was recorded."),
    ),
    "moved_months": (
        N_("Moved to another district"),
        N_("The new district receives the data from the central office."),
    ),
    "deceased_months": (
        N_("Deceased"),
        N_("The branch's memorial notice and the year's reports still name them."),
    ),
}
_DEFAULTS = RetentionRules()


class RetentionForm(QWidget):
    """Months after a membership ended before the person's data is purged, one spin box per end reason."""

    save_requested = Signal(object)
    """The rules as entered (RetentionRules), when the user presses Save."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spins: dict[str, QSpinBox] = {}
        self.labels: dict[str, QLabel] = {}
        self.hints: dict[str, QLabel] = {}
        # A grid rather than a form: the explanation beside each period takes the width the pane has.
        grid = QGridLayout()
        grid.setColumnStretch(2, 1)
        grid.setHorizontalSpacing(10)
        for row, name in enumerate(_RULE_TEXTS):
            spin = QSpinBox()
            spin.setRange(0, MAX_MONTHS)
            label, hint = QLabel(), QLabel()
            label.setBuddy(spin)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(placeholder-text);")
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(spin, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(hint, row, 2)
            self.spins[name], self.labels[name], self.hints[name] = spin, label, hint
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.defaults_button = QPushButton()
        self.defaults_button.clicked.connect(lambda: self.set_rules(_DEFAULTS))
        self.save_button = QPushButton()
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.rules()))
        self.purge_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.defaults_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.purge_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(6)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def rules(self) -> RetentionRules:
        """The rules as entered."""
        return RetentionRules(**{name: spin.value() for name, spin in self.spins.items()})

    def set_rules(self, rules: RetentionRules) -> None:
        """Show ``rules``."""
        for field in fields(RetentionRules):
            spin = self.spins.get(field.name)
            if spin is not None:
                spin.setValue(getattr(rules, field.name))

    def retranslate(self) -> None:
        """Set every text again in the current language."""
        self.intro.setText(
            _(
                "How many months after a membership ended the person's data is erased, unless they agreed to be "
                "kept in the archive. Of former holders of positions of trust, the name and positions are kept."
            )
        )
        for name, (label, hint) in _RULE_TEXTS.items():
            default = getattr(_DEFAULTS, name)
            self.labels[name].setText(_(label))
            self.hints[name].setText(
                _("{why} The authorities' default: {months} months.").format(why=_(hint), months=default)
            )
            self.spins[name].setSuffix(" " + _("months"))
            self.spins[name].setToolTip(_("0 erases the data as soon as the membership has ended"))
        self.defaults_button.setText(_("Restore defaults"))
        self.defaults_button.setToolTip(_("Put back the periods the data protection authorities' guidance suggests"))
        self.save_button.setText(_("Save rules"))
        self.save_button.setToolTip(_("Keep these periods; the change is recorded among the privacy actions"))
        self.purge_button.setText(_("Purge now…"))
        self.purge_button.setToolTip(
            _("See whose retention period has passed and erase their data; nothing happens before you confirm")
        )


_REGISTER_LINES = {
    "address": N_("Address"),
    "contact_person": N_("Contact person"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "data_protection_officer": N_("Data protection officer"),
}
_REGISTER_HINTS = {
    "address": N_("The district office's postal address"),
    "contact_person": N_("Who answers questions about the register, for example the executive director"),
    "email": N_("Where people send their questions and requests about their data"),
    "phone": N_("Optional: printed only when given"),
    "data_protection_officer": N_("Optional: the party's data protection officer or contact, if it has one"),
}


class RegisterForm(QWidget):
    """What the district fills in for its register description, the language to print it in, and Print."""

    save_requested = Signal(object)
    """The settings as entered (RegisterSettings), when the user presses Save."""
    print_requested = Signal(object, str)
    """The settings as entered and the language chosen, when the user presses Print."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.edits: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for name in _REGISTER_LINES:
            edit, label = QLineEdit(), QLabel()
            edit.setMaxLength(300)
            label.setBuddy(edit)
            form.addRow(label, edit)
            self.edits[name], self.labels[name] = edit, label
        self.additional_label = QLabel()
        self.additional = QPlainTextEdit()
        self.additional.setTabChangesFocus(True)
        self.additional.setMaximumHeight(90)
        self.additional_label.setBuddy(self.additional)
        form.addRow(self.additional_label, self.additional)
        self.language_label = QLabel()
        self.language_box = QComboBox()
        self.language_label.setBuddy(self.language_box)
        form.addRow(self.language_label, self.language_box)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.settings()))
        self.print_button = QPushButton()
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.settings(), self.language()))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def settings(self) -> RegisterSettings:
        """The settings as entered."""
        values = {name: edit.text() for name, edit in self.edits.items()}
        return RegisterSettings(**values, additional_information=self.additional.toPlainText())

    def set_settings(self, settings: RegisterSettings) -> None:
        """Show ``settings``."""
        for name, edit in self.edits.items():
            edit.setText(getattr(settings, name))
        self.additional.setPlainText(settings.additional_information)

    def language(self) -> str:
        """The language chosen for the printout."""
        return str(self.language_box.currentData() or Language.FI)

    def set_language(self, language: str) -> None:
        """Choose the printout's language (the district's, when the tab loads)."""
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(language)))

    def retranslate(self) -> None:
        """Set every text again in the current language."""
        self.intro.setText(
            _(
                "The register description tells members what the district does with their data. Kansli writes "
                "what it knows (the data, its protection, the retention rules); fill in the district's own facts."
            )
        )
        for name, label in _REGISTER_LINES.items():
            self.labels[name].setText(_(label))
            self.edits[name].setToolTip(_(_REGISTER_HINTS[name]))
            self.edits[name].setPlaceholderText(_(_REGISTER_HINTS[name]))
        self.additional_label.setText(_("Additional information"))
        self.additional.setToolTip(_("Anything the district wants to add, printed at the end"))
        self.language_label.setText(_("Language of the printout"))
        chosen = self.language()
        self.language_box.clear()
        for language in Language:
            self.language_box.addItem(_(LANGUAGE_NAMES[language]), str(language))
        self.set_language(chosen)
        self.save_button.setText(_("Save"))
        self.save_button.setToolTip(_("Keep these facts for the next printout"))
        self.print_button.setText(_("Print register description…"))
        self.print_button.setToolTip(_("Save the facts and open the register description in the preview"))
