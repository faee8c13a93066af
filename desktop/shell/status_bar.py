"""The status bar: sync, district, member count, database file and the last backup."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget
from sqlalchemy import func, select

from db.core.backup import list_backups
from db.core.district import get_district
from db.core.i18n import _, format_count, format_moment, ngettext
from db.members.models import Member
from desktop.shell.context import ShellContext
from desktop.sync.indicator import SyncIndicator


class KansliStatusBar(QStatusBar):
    """Permanent facts on the right, passing messages on the left."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.district_label = QLabel()
        self.members_label = QLabel()
        self.file_label = QLabel()
        self.backup_label = QLabel()
        self.sync_indicator = SyncIndicator(context)
        for label in (self.sync_indicator, self.district_label, self.members_label, self.file_label, self.backup_label):
            self.addPermanentWidget(label)
        events = context.events
        events.members_changed.connect(self.refresh)
        events.data_changed.connect(self.refresh)
        events.language_changed.connect(lambda _code: self.refresh())
        events.status_message.connect(lambda text: self.showMessage(text, 8000))
        self.refresh()

    def refresh(self) -> None:
        """Read the figures again."""
        database = self._context.database
        with database.reading() as session:
            district = get_district(session)
            members = session.execute(
                select(func.count()).select_from(Member).where(Member.deleted_at.is_(None))
            ).scalar_one()
        self.district_label.setText(district.name)
        self.members_label.setText(
            ngettext("{count} person", "{count} people", members).format(count=format_count(members))
        )
        self.file_label.setText(database.path.name)
        self.file_label.setToolTip(str(database.path))
        self.show_last_backup()

    def show_last_backup(self) -> None:
        """Show when the newest backup was made."""
        backups = list_backups(self._context.database.path)
        if backups:
            made = datetime.fromtimestamp(backups[0].stat().st_mtime).astimezone()
            self.backup_label.setText(_("Last backup: {when}").format(when=format_moment(made)))
            self.backup_label.setToolTip(str(backups[0]))
        else:
            self.backup_label.setText(_("No backup yet"))
            self.backup_label.setToolTip("")
