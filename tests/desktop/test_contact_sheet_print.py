"""Printing contact sheets from the window: the branch page's menu, File ▸ Print on Branches, a caller's list."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.calling.models import CallSheet
from db.core.database import Database
from db.members.models import Membership
from db.privacy.export_log import ExportKind, list_exports
from desktop.branches.tab import BranchesTab
from desktop.calling.sheets_page import SheetsPage
from desktop.shell.context import ShellContext
from desktop.shell.pdf_preview import PdfPreviewDialog
from tests.db.calling_helpers import assign_all, quick_caller, simple_campaign


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    shown: list[bytes] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog._pdf) or 0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Ulla Puheenjohtaja", True))
    yield shown


def test_file_print_on_branches_prints_the_members_sheet(
    shell_context: ShellContext,
    database: Database,
    make_member: Callable[..., object],
    qtbot: QtBot,
    previews: list[bytes],
) -> None:
    anna = make_member("Anna", "Aalto", phone="040 111 1111")
    tab = BranchesTab(shell_context)
    qtbot.addWidget(tab)
    with database.reading() as session:
        branch_id = session.execute(select(Membership.branch_id).where(Membership.member_id == anna)).scalar_one()
    tab.select_branch(branch_id)
    assert tab.print_current()
    assert shell_context.tasks.wait()
    assert len(previews) == 1 and previews[0].startswith(b"%PDF")
    tab.page._fill_contact_menu()
    assert tab.page.header.contact_menu.actions()[0].text() == "Members of the branch…"
    with database.reading() as session:
        (export,) = list_exports(session)
    assert (export.kind, export.people, export.recipient) == (ExportKind.CONTACT_SHEET, 1, "Ulla Puheenjohtaja")


def test_a_callers_phone_list_from_the_sheets_page(
    shell_context: ShellContext,
    database: Database,
    make_member: Callable[..., object],
    qtbot: QtBot,
    previews: list[bytes],
) -> None:
    make_member("Anna", "Aalto", phone="040 111 1111")
    campaign_id = simple_campaign(database)
    assign_all(database, campaign_id, [quick_caller(database, "Kaisa")])
    page = SheetsPage(shell_context)
    qtbot.addWidget(page)
    page.set_campaign(campaign_id)
    page.view.selectRow(0)
    assert page.phone_list_button.isEnabled()
    page.print_phone_list()
    assert shell_context.tasks.wait()
    assert len(previews) == 1
    with database.reading() as session:
        (export,) = list_exports(session)
        assert session.execute(select(CallSheet.id)).scalar_one()
    assert export.people == 1
