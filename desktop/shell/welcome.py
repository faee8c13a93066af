"""First run: create my district, open an existing database file, or explore the demo district."""

from __future__ import annotations

import enum
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.core.district import LANGUAGE_NAMES, Country, DistrictSettings, Language
from db.core.i18n import LANGUAGES, _, current_language
from db.core.paths import data_dir, default_database_path

COUNTRY_NAMES = {Country.FI: "Suomi – Finland", Country.SE: "Sverige – Sweden"}
LANGUAGE_SELF_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}


class WelcomeChoice(enum.Enum):
    CREATE = "create"
    OPEN = "open"
    DEMO = "demo"


class WelcomeWindow(QWidget):
    """The first window a new user sees."""

    chosen = Signal(object)  # WelcomeChoice
    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language_box = QComboBox()
        for code in LANGUAGES:
            self.language_box.addItem(LANGUAGE_SELF_NAMES[code], code)
        self.language_box.setCurrentIndex(LANGUAGES.index(current_language()))
        self.language_box.currentIndexChanged.connect(
            lambda index: self.language_chosen.emit(self.language_box.itemData(index))
        )
        self.title = QLabel()
        self.title.setObjectName("welcomeTitle")
        self.title.setStyleSheet("font-size: 20pt; font-weight: 600;")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.create_button = QCommandLinkButton()
        self.open_button = QCommandLinkButton()
        self.demo_button = QCommandLinkButton()
        self.create_button.clicked.connect(lambda: self.chosen.emit(WelcomeChoice.CREATE))
        self.open_button.clicked.connect(lambda: self.chosen.emit(WelcomeChoice.OPEN))
        self.demo_button.clicked.connect(lambda: self.chosen.emit(WelcomeChoice.DEMO))
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.language_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 24, 36, 36)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addSpacing(12)
        layout.addWidget(self.create_button)
        layout.addWidget(self.open_button)
        layout.addWidget(self.demo_button)
        layout.addStretch(1)
        self.resize(620, 460)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(_("Welcome to Kansli"))
        self.title.setText(_("Welcome to Kansli"))
        self.intro.setText(
            _(
                "Kansli keeps your district's members, branches, calling lists, board meetings and printouts on "
                "this computer, encrypted, and works without a network connection. How would you like to start?"
            )
        )
        self.create_button.setText(_("Create my district"))
        self.create_button.setDescription(_("Start a new, empty register for your district."))
        self.open_button.setText(_("Open an existing database"))
        self.open_button.setDescription(_("A Kansli file from this or another computer, or a restored copy."))
        self.demo_button.setText(_("Explore the demo district"))
        self.demo_button.setDescription(
            _("A made-up district with branches, members and boards, to try everything safely.")
        )


class CreateDistrictDialog(QDialog):
    """Asks for the new district's name, code, country, language and where to keep the file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Create my district"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("e.g. Pohjanmaan piiri"))
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(_("optional, e.g. POH"))
        self.country_box = QComboBox()
        for country in Country:
            self.country_box.addItem(COUNTRY_NAMES[country], country)
        self.language_box = QComboBox()
        for language in Language:
            self.language_box.addItem(_(LANGUAGE_NAMES[language]), language)
        self.language_box.setCurrentIndex(list(Language).index(Language(current_language())))
        self.language_box.setToolTip(_("The language of printouts such as minutes and diplomas"))
        self.path_edit = QLineEdit(str(default_database_path()))
        browse = QPushButton(_("Change…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(_("District name"), self.name_edit)
        form.addRow(_("Code"), self.code_edit)
        form.addRow(_("Country"), self.country_box)
        form.addRow(_("Language"), self.language_box)
        form.addRow(_("Database file"), path_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self._check_and_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(560, 280)

    def _browse(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Database file"), self.path_edit.text() or str(data_dir()), _("Kansli databases (*.db)")
        )
        if name:
            self.path_edit.setText(name if name.endswith(".db") else name + ".db")

    def _check_and_accept(self) -> None:
        if not self.name_edit.text().strip():
            self._show(_("Give the district a name."))
            self.name_edit.setFocus()
            return
        path = self.database_path()
        if path.exists():
            self._show(_("A file already exists there; choose another place or open it instead."))
            return
        self.accept()

    def _show(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def settings(self) -> DistrictSettings:
        """The district as the user described it."""
        return DistrictSettings(
            name=" ".join(self.name_edit.text().split()),
            code=self.code_edit.text().strip() or None,
            country=self.country_box.currentData(),
            language=self.language_box.currentData(),
        )

    def database_path(self) -> Path:
        """Where the new file goes."""
        return Path(self.path_edit.text().strip()).expanduser()
