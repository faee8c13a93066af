"""The first pages of the import dialog: the file and its preview, which column is which, and the options.

Pages only lay out widgets and show what they are given; :mod:`desktop.members.import_dialog` decides what
happens. Texts that depend on what happened are kept as functions (:class:`TranslatedLabel`), so a change of
language sets them again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.core.i18n import _, format_count, ngettext
from db.members.io import Field
from db.members.io.headers import header_key
from db.members.io.report import default_rejects_path
from desktop.members.import_models import FIELD_TITLES, PREVIEW_ROWS, FilePreview, PreviewModel, detected_field
from desktop.members.import_report import error_text

ERROR_STYLE = "color: #b3261e;"


class TranslatedLabel(QLabel):
    """A wrapping label whose text is made by a function, so that it can be made again in another language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        # Users copy file paths and messages from here into e-mails to the party office.
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._source: Callable[[], str] | None = None
        self.hide()

    def show_text(self, source: Callable[[], str] | None) -> None:
        """Show what ``source`` returns (now and after each change of language); None empties the label."""
        self._source = source
        self.retranslate()

    def retranslate(self) -> None:
        text = self._source() if self._source is not None else ""
        self.setText(text)
        self.setVisible(bool(text))


def table_view() -> QTableView:
    """A read-only table in the style of the import dialog."""
    view = QTableView()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultSectionSize(130)
    return view


class FilePage(QWidget):
    """Choose the file; see its first rows as the import will read them."""

    file_chosen = Signal(object)  # Path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.path_label = QLabel()
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_label.setBuddy(self.path_edit)
        self.browse_button = QPushButton()
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.browse)
        self.status = TranslatedLabel()
        self.problem = TranslatedLabel()
        self.problem.setStyleSheet(ERROR_STYLE)
        self.model = PreviewModel(self)
        self.table = table_view()
        self.table.setModel(self.model)
        self.table.verticalHeader().setDefaultSectionSize(22)

        chooser = QHBoxLayout()
        chooser.addWidget(self.path_label)
        chooser.addWidget(self.path_edit, 1)
        chooser.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(chooser)
        layout.addWidget(self.status)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)

    def retranslate(self) -> None:
        self.intro.setText(
            _(
                "Choose the member list to import: a CSV file or an Excel workbook (.xlsx) with the names of the "
                "columns on its first line. Nothing is written before you have seen what the import would do."
            )
        )
        self.path_label.setText(_("&File:"))
        self.path_edit.setPlaceholderText(_("No file chosen yet"))
        self.browse_button.setText(_("&Choose file…"))
        self.browse_button.setToolTip(_("Choose a CSV file or an Excel workbook (.xlsx)"))
        self.table.setToolTip(_("The first rows of the file; the numbers on the left are its lines"))
        self.model.retranslate()
        self.status.retranslate()
        self.problem.retranslate()

    def browse(self) -> None:
        """Ask for the file to import (in the folder of the one chosen before)."""
        current = self.path_edit.text()
        folder = str(Path(current).parent) if current else str(Path.home())
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the member list"), folder, _("Member lists (*.csv *.xlsx *.txt);;All files (*)")
        )
        if name:
            self.file_chosen.emit(Path(name))

    def show_loading(self, path: Path) -> None:
        """Show that ``path`` is being read; the preview of an earlier file goes away."""
        self.path_edit.setText(str(path))
        self.path_edit.setCursorPosition(0)
        self._show_preview(None)
        self.status.show_text(lambda: _("Reading {file}…").format(file=path.name))
        self.problem.show_text(None)

    def show_loaded(self, preview: FilePreview) -> None:
        """Show the first rows of the file and how many it has."""
        self._show_preview(preview)
        name, count = preview.path.name, preview.row_count

        def status() -> str:
            if count > PREVIEW_ROWS:
                text = ngettext(
                    "{file} has {count} row; the first {shown} are shown below.",
                    "{file} has {count} rows; the first {shown} are shown below.",
                    count,
                )
            else:
                text = ngettext("{file} has {count} row.", "{file} has {count} rows.", count)
            return text.format(file=name, count=format_count(count), shown=PREVIEW_ROWS)

        self.status.show_text(status)
        if not count:
            self.problem.show_text(
                lambda: _("The file has a header line but no members under it; there is nothing to import.")
            )

    def show_error(self, error: BaseException) -> None:
        """Say why the file cannot be read."""
        self.status.show_text(None)
        self.problem.show_text(lambda: error_text(error))

    def _show_preview(self, preview: FilePreview | None) -> None:
        self.model.set_preview(preview)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))


class ColumnsPage(QWidget):
    """For each column of the file, the field it is read as; the detected one comes first, "Ignore" for others."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.header_title = QLabel()
        self.field_title = QLabel()
        self.sample_title = QLabel()
        for title in (self.header_title, self.field_title, self.sample_title):
            title.setStyleSheet("font-weight: 600;")
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(1, 2)
        self.grid.setColumnStretch(2, 3)
        self.grid.addWidget(self.header_title, 0, 0)
        self.grid.addWidget(self.field_title, 0, 1)
        self.grid.addWidget(self.sample_title, 0, 2)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addLayout(self.grid)
        content_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self.problem = TranslatedLabel()
        self.problem.setStyleSheet(ERROR_STYLE)
        self.headers: tuple[str, ...] = ()
        self.combos: list[QComboBox] = []
        self._names: list[QLabel] = []
        self._row_widgets: list[QWidget] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem)

    def set_preview(self, preview: FilePreview) -> None:
        """Show one row per column of ``preview``, each with the field the import would read it as."""
        for widget in self._row_widgets:
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._row_widgets = []
        self.combos = []
        self._names = []
        self.headers = preview.headers
        first_of_key: dict[str, int] = {}
        for column, header in enumerate(preview.headers):
            name = QLabel(header)
            name.setWordWrap(True)
            combo = QComboBox()
            combo.addItem("", None)
            for field in FIELD_TITLES:
                combo.addItem("", field.value)
            detected = detected_field(header)
            combo.setCurrentIndex(combo.findData(detected.value) if detected is not None else 0)
            key = header_key(header)
            # A column without a header cannot be mapped (the map finds columns by header); a header written
            # twice is one entry of the map, so its later columns follow the first.
            combo.setEnabled(bool(header.strip()) and key not in first_of_key)
            first_of_key.setdefault(key, column)
            combo.currentIndexChanged.connect(lambda _index, c=column: self._combo_changed(c))
            name.setBuddy(combo)
            sample = QLabel(" · ".join(preview.samples(column)))
            sample.setWordWrap(True)
            sample.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            for position, widget in enumerate((name, combo, sample)):
                self.grid.addWidget(widget, column + 1, position)
                self._row_widgets.append(widget)
            self.combos.append(combo)
            self._names.append(name)
        self.retranslate()

    def _combo_changed(self, column: int) -> None:
        key = header_key(self.headers[column])
        for other, header in enumerate(self.headers):
            if other != column and header_key(header) == key:
                self.combos[other].blockSignals(True)
                self.combos[other].setCurrentIndex(self.combos[column].currentIndex())
                self.combos[other].blockSignals(False)
        self.changed.emit()

    def choices(self) -> list[Field | None]:
        """The field chosen for each column, in file order (None: ignored)."""
        return [Field(combo.currentData()) if combo.currentData() else None for combo in self.combos]

    def choose(self, column: int, field: Field | None) -> None:
        """Choose the field of a column (what picking it in its list does)."""
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(field.value) if field is not None else 0)

    def retranslate(self) -> None:
        self.intro.setText(
            _(
                "Check which field each column of the file goes into. Kansli chose the fields it recognised from "
                "the headers; change any that are wrong. Columns set to “Ignore” are not imported."
            )
        )
        self.header_title.setText(_("Column in the file"))
        self.field_title.setText(_("Imported as"))
        self.sample_title.setText(_("First values"))
        for column, (name, header) in enumerate(zip(self._names, self.headers, strict=True)):
            if not header.strip():
                name.setText(_("(column {number})").format(number=column + 1))
        for combo, header in zip(self.combos, self.headers, strict=True):
            combo.setItemText(0, _("Ignore"))
            for index, title in enumerate(FIELD_TITLES.values(), start=1):
                combo.setItemText(index, _(title))
            detected = detected_field(header)
            if not header.strip():
                tip = _("This column has no header; give it one in the file to import it.")
            elif not combo.isEnabled():
                tip = _("This header appears twice in the file; both columns are imported the same way.")
            elif detected is not None:
                tip = _("Kansli recognised this column as {field}.").format(field=_(FIELD_TITLES[detected]))
            else:
                tip = _("Kansli does not recognise this header; choose a field, or leave it ignored.")
            combo.setToolTip(tip)
        self.problem.retranslate()


class OptionsPage(QWidget):
    """What to do with branches that do not exist, with rows that have problems, and with rows without a branch."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.create_branches = QCheckBox()
        self.create_branches.toggled.connect(lambda _checked: self.changed.emit())
        self.skip_invalid = QCheckBox()
        self.skip_invalid.toggled.connect(self._skip_toggled)
        self.rejects_label = QLabel()
        self.rejects_edit = QLineEdit()
        self.rejects_edit.setReadOnly(True)
        self.rejects_label.setBuddy(self.rejects_edit)
        self.rejects_button = QPushButton()
        self.rejects_button.setAutoDefault(False)
        self.rejects_button.clicked.connect(self.choose_rejects_path)
        self._source: Path | None = None
        self._chosen_rejects: Path | None = None  # None: beside the imported file
        self.default_branch_label = QLabel()
        self.default_branch = QComboBox()
        self.default_branch.addItem("", "")
        self.default_branch.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.default_branch_label.setBuddy(self.default_branch)
        self.default_branch_help = QLabel()
        self.default_branch_help.setWordWrap(True)
        self.problem = TranslatedLabel()
        self.problem.setStyleSheet(ERROR_STYLE)

        rejects = QHBoxLayout()
        rejects.addWidget(self.rejects_edit, 1)
        rejects.addWidget(self.rejects_button)
        form = QFormLayout()
        # Finnish and Swedish labels are long: let them sit above their fields when the dialog is narrow.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.create_branches)
        form.addRow(self.skip_invalid)
        form.addRow(self.rejects_label, rejects)
        form.addRow(self.default_branch_label, self.default_branch)
        form.addRow(self.default_branch_help)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self._skip_toggled(False)

    def _skip_toggled(self, checked: bool) -> None:
        self.rejects_edit.setEnabled(checked)
        self.rejects_button.setEnabled(checked)
        self.changed.emit()

    def set_branches(self, names: Sequence[str]) -> None:
        """Offer ``names`` as default branches, keeping the one chosen if it is still there."""
        chosen = self.default_branch_name()
        self.default_branch.blockSignals(True)
        while self.default_branch.count() > 1:
            self.default_branch.removeItem(1)
        for name in names:
            self.default_branch.addItem(name, name)
        self.default_branch.setCurrentIndex(max(0, self.default_branch.findData(chosen)) if chosen else 0)
        self.default_branch.blockSignals(False)

    def default_branch_name(self) -> str | None:
        """The branch chosen for rows without one, or None."""
        return str(self.default_branch.currentData() or "") or None

    def set_source(self, path: Path) -> None:
        """Tell the page which file is imported (its rows set aside go beside it unless the user chose a file)."""
        self._source = path
        self._show_rejects_path()

    def rejects_path(self) -> Path | None:
        """Where rows set aside are written: the file the user chose, else ``NAME-rejects.csv`` beside the file."""
        if self._chosen_rejects is not None:
            return self._chosen_rejects
        return default_rejects_path(self._source) if self._source is not None else None

    def choose_rejects_path(self) -> None:
        """Ask where the rows set aside should go."""
        current = self.rejects_path()
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Where should the rows set aside go?"), str(current or Path.home()), _("CSV files (*.csv)")
        )
        if name:
            path = Path(name)
            self._chosen_rejects = path if path.suffix else path.with_suffix(".csv")
            self._show_rejects_path()
            self.changed.emit()

    def _show_rejects_path(self) -> None:
        path = self.rejects_path()
        self.rejects_edit.setText(str(path) if path is not None else "")
        self.rejects_edit.setCursorPosition(0)

    def retranslate(self) -> None:
        self.create_branches.setText(_("Create &missing branches"))
        self.create_branches.setToolTip(
            _("Branches the file names that are not in Kansli yet are created; otherwise the import stops")
        )
        self.skip_invalid.setText(_("&Skip rows with problems and import the others"))
        self.skip_invalid.setToolTip(
            _("Rows with problems are set aside in a file of their own; otherwise one bad row stops the import")
        )
        self.rejects_label.setText(_("Rows set aside go to:"))
        self.rejects_button.setText(_("C&hange…"))
        self.rejects_button.setToolTip(_("Choose another file for the rows set aside"))
        self.default_branch_label.setText(_("&Default branch:"))
        self.default_branch.setItemText(0, _("None"))
        self.default_branch.setToolTip(_("The branch of rows that name none"))
        self.default_branch_help.setText(
            _(
                "Rows whose branch cell is empty join the default branch. If the file has no column of branches, "
                "every row joins it."
            )
        )
        self.problem.retranslate()
