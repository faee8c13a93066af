"""The status bar's word on sync: when the last package came in and went out, and the conflicts open.

Kept light: it reads three figures through the sync models alone, and the Sync view (with the package code and its
cryptography) is imported only when it is first opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QToolButton, QWidget
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core.i18n import _, format_count, format_day, format_moment, ngettext
from db.sync.models import NodeRole, PackageDirection, SyncConflict, SyncNode, SyncPackage
from desktop.shell.context import ShellContext


@dataclass(frozen=True)
class SyncFigures:
    """What the indicator shows. ``role`` is None while this computer is not enrolled."""

    role: NodeRole | None
    last_in: datetime | None
    last_out: datetime | None
    open_conflicts: int


def read_figures(session: Session) -> SyncFigures:
    """The indicator's figures, in three small queries."""
    role = session.execute(select(SyncNode.role)).scalar_one_or_none()
    if role is None:
        return SyncFigures(None, None, None, 0)
    last = dict(
        session.execute(select(SyncPackage.direction, func.max(SyncPackage.at)).group_by(SyncPackage.direction))
        .tuples()
        .all()
    )
    conflicts = session.execute(
        select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None))
    ).scalar_one()
    return SyncFigures(role, last.get(PackageDirection.INCOMING), last.get(PackageDirection.OUTGOING), int(conflicts))


def open_sync_window(context: ShellContext, parent: QWidget) -> QWidget:
    """Show the Sync view of ``parent``'s window (one per window, made when first asked for)."""
    from desktop.sync.window import SyncWindow

    window = parent.findChild(SyncWindow)
    if window is None:
        window = SyncWindow(context, parent)
        for indicator in parent.findChildren(SyncIndicator):
            window.state_changed.connect(indicator.refresh)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


class SyncIndicator(QToolButton):
    """Shows "Last package in: … · out: …, 2 conflicts"; a click opens the Sync view."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.figures = SyncFigures(None, None, None, 0)
        self.setAutoRaise(True)
        self.clicked.connect(lambda: open_sync_window(context, self.window()))
        events = context.events
        events.data_changed.connect(self.refresh)
        events.history_changed.connect(self.refresh)
        events.language_changed.connect(lambda _code: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        """Read the figures again and show them."""
        with self._context.database.reading() as session:
            self.figures = read_figures(session)
        figures = self.figures
        font = QFont(self.font())
        font.setBold(figures.open_conflicts > 0)
        self.setFont(font)
        if figures.role is None:
            self.setText(_("Sync: not enrolled"))
            self.setToolTip(
                _(
                    "This computer does not exchange packages with the party office yet. Click to enrol with the"
                    " file from the party office."
                )
            )
            return
        if figures.role is NodeRole.CENTRAL:
            self.setText(_("Central office store"))
            self.setToolTip(_("The central office makes and reads packages with the kansli central commands."))
            return
        never = _("never")
        text = _("Last package in: {incoming} · out: {outgoing}").format(
            incoming=format_day(figures.last_in.astimezone().date()) if figures.last_in else never,
            outgoing=format_day(figures.last_out.astimezone().date()) if figures.last_out else never,
        )
        if figures.open_conflicts:
            text += ", " + ngettext("{count} conflict", "{count} conflicts", figures.open_conflicts).format(
                count=format_count(figures.open_conflicts)
            )
        self.setText(text)
        self.setToolTip(
            "\n".join(
                (
                    _("Last package read here: {when}").format(when=format_moment(figures.last_in) or never),
                    _("Last package made here: {when}").format(when=format_moment(figures.last_out) or never),
                    _("Click to open the Sync view: make and read packages, review conflicts."),
                )
            )
        )
