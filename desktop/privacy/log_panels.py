"""The two logs of the Privacy view: exports and printouts (filterable), and the privacy actions taken."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from db.core.database import Database
from db.core.i18n import _, format_count, ngettext
from db.privacy.events import PrivacyEventRecord, list_events
from db.privacy.export_log import EXPORT_KIND_LABELS, ExportKind, ExportRecord, list_exports
from desktop.privacy.log_models import EVENT_COLUMNS, EXPORT_COLUMNS, LogTableModel, matches
from desktop.shell.form_widgets import OptionalDateEdit
from desktop.shell.widgets import DataTableView, EmptyState, SearchField

# Far more than a district makes in years (a few exports a week), so in practice the whole log.
_LOG_LIMIT = 50_000


def local_midnight(day: date) -> datetime:
    """The moment a day begins on this computer's clock, in UTC (the log stores UTC moments)."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC)


def _table(model: QAbstractItemModel) -> DataTableView:
    view = DataTableView()
    view.setModel(model)
    # Newest first: the model starts sorted that way, and the header shows it.
    view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    return view


def _fit_header_texts(view: DataTableView, widths: tuple[int, ...]) -> None:
    """Give each column its usual width, or more when its heading needs it (Finnish headings are long)."""
    header = view.horizontalHeader()
    for column, width in enumerate(widths):
        view.setColumnWidth(column, max(width, header.sectionSizeHint(column)))


class _TableOrEmpty(QStackedWidget):
    """A log's table, or a sentence saying why it is empty and what fills it."""

    def __init__(self, table: DataTableView) -> None:
        super().__init__()
        self.table = table
        self.empty = EmptyState()
        self.addWidget(table)
        self.addWidget(self.empty)

    def show_table(self, has_rows: bool) -> None:
        self.setCurrentWidget(self.table if has_rows else self.empty)


class ExportLogPanel(QWidget):
    """Every export and printout that carried personal data, newest first; by kind, dates and words."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.model: LogTableModel[ExportRecord] = LogTableModel(EXPORT_COLUMNS, self)
        self.search = SearchField()
        self.search.textChanged.connect(lambda _text: self.reload())
        self.kind_box = QComboBox()
        self.kind_box.currentIndexChanged.connect(lambda _index: self.reload())
        self.from_label = QLabel()
        self.from_date = OptionalDateEdit()
        self.from_date.changed.connect(self.reload)
        self.to_label = QLabel()
        self.to_date = OptionalDateEdit()
        self.to_date.changed.connect(self.reload)
        self.count_label = QLabel()
        self.table = _table(self.model)
        self.body = _TableOrEmpty(self.table)
        self.search.move_down.connect(self.table.setFocus)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.kind_box, 1)
        filters.addWidget(self.from_label)
        filters.addWidget(self.from_date)
        filters.addWidget(self.to_label)
        filters.addWidget(self.to_date)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.count_label)
        self._fill_kinds()

    def _fill_kinds(self) -> None:
        current = self.kind_box.currentData()
        self.kind_box.blockSignals(True)
        self.kind_box.clear()
        self.kind_box.addItem(_("All kinds"), None)
        for kind in ExportKind:
            # Stored as text: a StrEnum does not survive the trip through a QVariant as itself.
            self.kind_box.addItem(_(EXPORT_KIND_LABELS[kind]), str(kind))
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(current)))
        self.kind_box.blockSignals(False)

    def retranslate(self) -> None:
        """Set every text again in the current language."""
        self.search.setPlaceholderText(_("Search descriptions, recipients and files…"))
        self.search.setToolTip(_("Any part of what was exported or printed, for whom, or the file's name"))
        self._fill_kinds()
        self.kind_box.setToolTip(_("Show only exports of one kind"))
        self.from_label.setText(_("From"))
        self.to_label.setText(_("To"))
        self.from_date.retranslate()
        self.to_date.retranslate()
        self.model.retranslate()
        _fit_header_texts(self.table, (130, 190, 280, 60, 170))
        self._update_count()

    def _filtered(self) -> bool:
        return bool(self.search.text() or self.kind_box.currentData() or self.from_date.value() or self.to_date.value())

    def reload(self) -> None:
        """Read the log again with the filters as set."""
        kind = self.kind_box.currentData()
        start, end = self.from_date.value(), self.to_date.value()
        with self._database.reading() as session:
            rows = list_exports(
                session,
                kind=ExportKind(kind) if kind else None,
                since=local_midnight(start) if start else None,
                until=local_midnight(end + timedelta(days=1)) if end else None,
                limit=_LOG_LIMIT,
            )
        text = self.search.text()
        self.model.set_rows([row for row in rows if matches(row, text)])
        self._update_count()

    def _update_count(self) -> None:
        rows = self.model.rows()
        self.body.show_table(bool(rows))
        if not rows and self._filtered():
            self.body.empty.set_content(
                _("No export matches"), _("Clear the search or widen the dates to see more."), []
            )
        elif not rows:
            self.body.empty.set_content(
                _("Nothing exported or printed yet"),
                _(
                    "Every export, printed list and access request that carries personal data will be listed here:"
                    " when, what, for whom and how many people."
                ),
                [],
            )
        people = sum(row.people for row in rows)
        exports = ngettext("{count} export", "{count} exports", len(rows)).format(count=format_count(len(rows)))
        self.count_label.setText(
            ngettext("{exports}, {people} person in all", "{exports}, {people} people in all", people).format(
                exports=exports, people=format_count(people)
            )
        )


class PrivacyEventsPanel(QWidget):
    """The privacy actions taken: access requests answered, erasures, purges, changed retention rules."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.model: LogTableModel[PrivacyEventRecord] = LogTableModel(EVENT_COLUMNS, self)
        self.table = _table(self.model)
        self.body = _TableOrEmpty(self.table)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.note)

    def retranslate(self) -> None:
        """Set every text again in the current language."""
        self.note.setText(_("Names are never written here: an erased person must not live on in this record."))
        self.body.empty.set_content(
            _("No privacy actions yet"),
            _(
                "Access requests answered, erasures, retention purges and changes of the retention rules will be"
                " recorded here."
            ),
            [],
        )
        self.model.retranslate()
        _fit_header_texts(self.table, (130, 200, 70))

    def reload(self) -> None:
        """Read the privacy actions again."""
        with self._database.reading() as session:
            self.model.set_rows(list_events(session, limit=_LOG_LIMIT))
        self.body.show_table(bool(self.model.rows()))
