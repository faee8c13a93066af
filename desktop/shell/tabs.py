"""The tabs of the main window, in order. Adding a tab is one line here."""

from __future__ import annotations

from db.core.i18n import N_
from desktop.shell.tab_page import TabSpec


def registered_tabs() -> list[TabSpec]:
    """Return the tabs to show; an area's tab appears here when its issue lands."""
    from desktop.branches.tab import BranchesTab
    from desktop.calling.tab import CallingTab
    from desktop.media.tab import MediaTab
    from desktop.meetings.tab import MeetingsTab
    from desktop.members.tab import MembersTab
    from desktop.newsletters.tab import NewslettersTab
    from desktop.overview.tab import OverviewTab
    from desktop.privacy.tab import PrivacyTab

    return [
        TabSpec("overview", N_("Overview"), OverviewTab),
        TabSpec("members", N_("Members"), MembersTab),
        TabSpec("branches", N_("Branches"), BranchesTab),
        TabSpec("calling", N_("Calling lists"), CallingTab),
        TabSpec("meetings", N_("Board meetings"), MeetingsTab),
        TabSpec("media", N_("Media"), MediaTab),
        TabSpec("newsletters", N_("Newsletter issues"), NewslettersTab),
        TabSpec("privacy", N_("Privacy"), PrivacyTab),
    ]
