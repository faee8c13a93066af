"""Typed application signals: how tabs hear about each other's changes without reaching into each other."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    """One instance per window; every tab gets it through its constructor."""

    members_changed = Signal()
    """Members were added, changed, deleted or imported: lists and counts should refresh."""

    member_changed = Signal(object)
    """One member (uuid.UUID) changed: its card should reload."""

    branches_changed = Signal()
    """Branches, their officers or their records changed."""

    calling_changed = Signal()
    """Campaigns, callers, call sheets or calls changed: the Calling tab and the Overview refresh."""

    meetings_changed = Signal()
    """Meetings, their agendas, attendance, decisions, action items, minutes or bodies' settings changed."""

    media_changed = Signal()
    """Media items, outlets or their contacts changed: the Media tab's list, calendar and figures refresh."""

    newsletters_changed = Signal()
    """Publications, issues, articles, branch contributions or label settings changed; labels were printed."""

    data_changed = Signal()
    """Something else in the database changed (undo, restore): every view should refresh."""

    language_changed = Signal(str)
    """The user switched the language (fi, sv or en): every widget sets its texts again."""

    history_changed = Signal()
    """The undo/redo state may have changed: the Edit menu updates its labels."""

    status_message = Signal(str)
    """A short message for the status bar."""
