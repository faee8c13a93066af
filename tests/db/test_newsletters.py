"""Publications, issues and their statuses, articles, the branches' local news, and issues against the target."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from db.branches.models import BodyKind, BranchStatus
from db.branches.operations import BodyData, create_body
from db.core.database import Database
from db.core.errors import ValidationError
from db.newsletters.articles import (
    ArticleData,
    ArticleStatusChangeError,
    add_article,
    list_articles,
    set_article_status,
)
from db.newsletters.contributions import (
    ask_branches,
    branch_record,
    issue_contributions,
    record_declined,
    record_received,
)
from db.newsletters.issues import (
    AmbiguousIssueError,
    IssueData,
    IssueStatusChangeError,
    NoSuchIssueError,
    allowed_issue_statuses,
    create_issue,
    find_issue,
    list_issues,
    set_issue_status,
)
from db.newsletters.models import ArticleStatus, ContributionStatus, IssueStatus
from db.newsletters.publications import (
    PublicationData,
    create_publication,
    editorial_committees,
    issues_against_target,
    list_publications,
    period_of,
)
from tests.db.branch_helpers import new_branch
from tests.db.newsletter_helpers import TODAY, new_issue, new_publication


def test_a_publication_has_a_unique_short_code_and_an_editorial_committee(database: Database) -> None:
    with database.transaction("Add committee") as session:
        committee = create_body(session, BodyData("Toimituskunta", BodyKind.EDITORIAL_COMMITTEE))
        create_body(session, BodyData("Hallitus", BodyKind.DISTRICT_BOARD))
    with database.reading() as session:
        assert [name for _id, name in editorial_committees(session)] == ["Toimituskunta"]
    new_publication(database, "Paper", editorial_body_id=committee, target_issues=3)
    for code, field in (("paper", "code"), ("two words", "code"), ("x" * 13, "code"), ("", "code")):
        with database.transaction("Add") as session, pytest.raises(ValidationError) as refused:
            create_publication(session, PublicationData(name="Other", code=code))
        assert refused.value.field == field
    with database.transaction("Add") as session, pytest.raises(ValidationError) as refused:
        create_publication(session, PublicationData(name="Nowhere", code="Nope", by_post=False, by_email=False))
    assert refused.value.field == "by_post"
    with database.reading() as session:
        (record,) = list_publications(session)
    assert (record.code, record.editorial_body, record.data.target_issues) == ("Paper", "Toimituskunta", 3)


def test_issues_are_numbered_per_year_and_found_by_their_name(database: Database) -> None:
    paper = new_publication(database, "Paper")
    letter = new_publication(database, "Brev")
    first, second = new_issue(database, paper), new_issue(database, paper)
    new_issue(database, letter, 2)
    with database.transaction("Duplicate") as session, pytest.raises(ValidationError, match="already exists"):
        create_issue(session, IssueData(paper, TODAY.year, 2))
    with database.reading() as session:
        rows = list_issues(session)
        assert [row.name for row in rows] == [f"Brev 2/{TODAY.year}", f"Paper 1/{TODAY.year}", f"Paper 2/{TODAY.year}"]
        assert find_issue(session, f"paper 2/{TODAY.year}") == second
        assert find_issue(session, f"Paper  1 / {TODAY.year}") == first
        assert find_issue(session, f"1/{TODAY.year}") == first  # only the paper has a number 1
        assert find_issue(session, first.hex[-8:]) == first
        with pytest.raises(AmbiguousIssueError):
            find_issue(session, f"2/{TODAY.year}")
        with pytest.raises(NoSuchIssueError):
            find_issue(session, f"Paper 9/{TODAY.year}")


def test_an_issue_moves_forward_or_one_step_back_and_distributing_dates_it(database: Database) -> None:
    issue = new_issue(database, new_publication(database))
    assert allowed_issue_statuses(IssueStatus.EDITING) == (
        IssueStatus.COLLECTING,
        IssueStatus.LAYOUT,
        IssueStatus.PRINTING,
        IssueStatus.DISTRIBUTED,
    )
    with database.transaction("Status") as session:
        set_issue_status(session, issue, IssueStatus.COLLECTING, TODAY)
        set_issue_status(session, issue, IssueStatus.LAYOUT, TODAY)
        set_issue_status(session, issue, IssueStatus.EDITING, TODAY)
    with database.transaction("Status") as session, pytest.raises(IssueStatusChangeError):
        set_issue_status(session, issue, IssueStatus.PLANNING, TODAY)
    with database.transaction("Status") as session:
        set_issue_status(session, issue, IssueStatus.DISTRIBUTED, TODAY)
    with database.reading() as session:
        (row,) = list_issues(session)
    assert (row.status, row.publication_date) == (IssueStatus.DISTRIBUTED, TODAY)


def test_articles_move_through_their_statuses_and_are_listed_by_page(database: Database) -> None:
    issue = new_issue(database, new_publication(database))
    branch = new_branch(database, "Vaasan osasto")
    with database.transaction("Articles") as session:
        column = add_article(
            session, ArticleData(issue, "Puheenjohtajan palsta", author_name="Anna Virtanen", length=2400)
        )
        news = add_article(session, ArticleData(issue, "Osaston kuulumiset", branch_id=branch, length=1200))
        set_article_status(session, column, ArticleStatus.RECEIVED)
        set_article_status(session, column, ArticleStatus.PLACED, page=3)
        set_article_status(session, news, ArticleStatus.EDITED)
        set_article_status(session, news, ArticleStatus.PLACED, page=2)
    with database.transaction("Back") as session, pytest.raises(ArticleStatusChangeError):
        set_article_status(session, news, ArticleStatus.COMMISSIONED)
    with database.transaction("Bad page") as session, pytest.raises(ValidationError):
        add_article(session, ArticleData(issue, "Sivuton", page=0))
    with database.reading() as session:
        rows = list_articles(session, issue)
        (issue_row,) = list_issues(session)
    assert [(row.title, row.page, row.status, row.branch) for row in rows] == [
        ("Osaston kuulumiset", 2, ArticleStatus.PLACED, "Vaasan osasto"),
        ("Puheenjohtajan palsta", 3, ArticleStatus.PLACED, ""),
    ]
    assert rows[1].author == "Anna Virtanen"
    assert (issue_row.articles, issue_row.articles_placed) == (2, 2)


@pytest.fixture
def branches(database: Database) -> dict[str, uuid.UUID]:
    ids = {name: new_branch(database, name) for name in ("Alajärvi", "Botnia", "Kokkola", "Vaasa")}
    ids["Uinuva"] = new_branch(database, "Uinuva", status=BranchStatus.DORMANT)
    return ids


def test_asking_all_branches_tracks_who_sent_what(database: Database, branches: dict[str, uuid.UUID]) -> None:
    issue = new_issue(database, new_publication(database))
    with database.transaction("Ask") as session:
        assert ask_branches(session, issue, TODAY - timedelta(days=20)) == 4  # the dormant branch is not asked
        assert ask_branches(session, issue, TODAY) == 0  # nobody is asked twice
    with database.reading() as session:
        rows = {row.branch: row for row in issue_contributions(session, issue)}
    assert set(rows) == {"Alajärvi", "Botnia", "Kokkola", "Vaasa"}
    with database.transaction("Answers") as session:
        article = record_received(session, rows["Vaasa"].id, "Kevätkokouksen kuulumiset ja kuva", TODAY, length=1500)  # type: ignore[arg-type]
        record_declined(session, rows["Botnia"].id, TODAY)  # type: ignore[arg-type]
        with pytest.raises(ValidationError):
            record_received(session, rows["Kokkola"].id, "  ", TODAY)  # type: ignore[arg-type]
    with database.reading() as session:
        after = {row.branch: row for row in issue_contributions(session, issue)}
        articles = list_articles(session, issue)
        (issue_row,) = list_issues(session)
    assert after["Vaasa"].status == ContributionStatus.RECEIVED
    assert (after["Vaasa"].what, after["Vaasa"].received_on, after["Vaasa"].article_id) == (
        "Kevätkokouksen kuulumiset ja kuva",
        TODAY,
        article,
    )
    assert after["Botnia"].status == ContributionStatus.DECLINED
    assert after["Alajärvi"].status == ContributionStatus.ASKED
    assert [(row.title, row.branch, row.status) for row in articles] == [
        ("Kevätkokouksen kuulumiset ja kuva", "Vaasa", ArticleStatus.RECEIVED)
    ]
    assert (issue_row.branches_asked, issue_row.branches_sent) == (4, 1)


def test_branches_that_never_contribute_come_first(database: Database, branches: dict[str, uuid.UUID]) -> None:
    paper = new_publication(database)
    issues = [new_issue(database, paper, publication_date=TODAY - timedelta(days=days)) for days in (200, 100, 10)]
    for issue in issues:
        with database.transaction("Ask") as session:
            ask_branches(session, issue, TODAY - timedelta(days=30))
    with database.transaction("Answers") as session:
        rows = {issue: {row.branch: row for row in issue_contributions(session, issue)} for issue in issues}
        for issue in issues:
            record_received(session, rows[issue]["Vaasa"].id, "Uutisia", TODAY)  # type: ignore[arg-type]
        record_received(session, rows[issues[0]]["Kokkola"].id, "Kuva", TODAY - timedelta(days=190))  # type: ignore[arg-type]
        record_declined(session, rows[issues[1]]["Botnia"].id, TODAY)  # type: ignore[arg-type]
        # Alajärvi sends nothing, but an article of the last issue is credited to it: that counts.
        add_article(session, ArticleData(issues[2], "Alajärven kuulumiset", branch_id=branches["Alajärvi"]))
    with database.reading() as session:
        records = branch_record(session)
        recent = branch_record(session, since=TODAY - timedelta(days=150))
    assert [(record.branch, record.asked, record.contributed, record.never) for record in records] == [
        ("Botnia", 3, 0, True),
        ("Alajärvi", 3, 1, False),
        ("Kokkola", 3, 1, False),
        ("Vaasa", 3, 3, False),
    ]
    assert records[0].declined == 1
    # Since 150 days ago Kokkola's only contribution is out of the window: it has never contributed in it.
    assert [record.branch for record in recent if record.never] == ["Botnia", "Kokkola"]


def test_issues_against_the_target_of_the_current_period(database: Database) -> None:
    year = TODAY.year
    paper = new_publication(database, "Paper", target_issues=4, first_year=year)
    new_publication(database, "Nothing", target_issues=0, first_year=year)
    done = new_issue(database, paper, publication_date=date(year, 1, 1))
    new_issue(database, paper, publication_date=date(year, 12, 31))  # planned, later this year
    new_issue(database, paper)  # numbered for this year, no date yet
    old = new_issue(database, paper, publication_date=date(year - 1, 6, 1))
    with database.transaction("Distributed") as session:
        set_issue_status(session, done, IssueStatus.DISTRIBUTED, TODAY)
        set_issue_status(session, old, IssueStatus.DISTRIBUTED, TODAY)
    with database.reading() as session:
        (progress,) = issues_against_target(session, TODAY)
    assert (progress.code, progress.target, progress.published, progress.planned) == ("Paper", 4, 1, 2)
    assert (progress.period_start, progress.period_end) == (date(year, 1, 1), date(year, 12, 31))
    assert progress.short == 1 and not progress.reached


def test_periods_of_several_years_are_counted_from_the_first_year() -> None:
    assert period_of(2024, 2, date(2027, 5, 1)) == (date(2026, 1, 1), date(2027, 12, 31))
    assert period_of(2024, 2, date(2025, 5, 1)) == (date(2024, 1, 1), date(2025, 12, 31))
    assert period_of(2026, 1, date(2026, 12, 31)) == (date(2026, 1, 1), date(2026, 12, 31))
