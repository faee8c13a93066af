"""The demo district's media work and member paper: a year of items, two publications, issues at every stage."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.core.database import Database, open_database
from db.core.keys import DataKey
from db.demo import generate_demo
from db.media.items import item_data, list_items
from db.media.models import ItemLanguage, MediaItemKind, MediaItemStatus, OutletContact
from db.media.outlets import list_outlets
from db.newsletters.articles import list_articles
from db.newsletters.contributions import branch_record
from db.newsletters.distribution import print_run, publication_distribution
from db.newsletters.issues import list_issues
from db.newsletters.models import IssueStatus
from db.newsletters.publications import issues_against_target, list_publications

TODAY = date(2025, 10, 6)


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, template_database: Path, database_key: DataKey
) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("media-demo") / "demo.db"
    shutil.copyfile(template_database, path)
    database = open_database(path, database_key)
    generate_demo(database, members=250, seed=3, today=TODAY)
    yield database
    database.close()


def test_a_year_of_media_items_of_every_kind_and_stage(demo: Database) -> None:
    with demo.reading() as session:
        items = list_items(session)
        outlets = list_outlets(session)
        contacts = session.execute(select(func.count()).select_from(OutletContact)).scalar_one()
    assert len(items) >= 80
    assert set(Counter(item.kind for item in items)) == set(MediaItemKind)
    statuses = Counter(item.status for item in items)
    assert set(statuses) == set(MediaItemStatus)
    past = [item for item in items if item.status not in (MediaItemStatus.IDEA, MediaItemStatus.DRAFT)]
    assert all(TODAY - timedelta(days=366) <= (item.day or TODAY) <= TODAY + timedelta(days=4) for item in past)
    assert all(item.planned_on and item.planned_on > TODAY for item in items if item.status == MediaItemStatus.IDEA)
    assert len(outlets) == 8 and contacts >= 7
    assert any(item.author for item in items) and any(item.outlets for item in items)


def test_a_press_release_is_written_in_its_own_language(demo: Database) -> None:
    # Swedish releases once had a Finnish text under their Swedish headline and "Pressmeddelande".
    with demo.reading() as session:
        texts = [item_data(session, item.id) for item in list_items(session)]
    written = [data for data in texts if data.body]
    swedish = [data.body for data in written if data.language == ItemLanguage.SV]
    finnish = [data.body for data in written if data.language == ItemLanguage.FI]
    assert swedish and finnish
    assert all("Distriktsstyrelsen" in body and "Piirihallitus" not in body for body in swedish)
    assert all("Piirihallitus" in body for body in finnish)


def test_two_publications_with_issues_at_different_stages(demo: Database) -> None:
    with demo.reading() as session:
        publications = list_publications(session)
        issues = list_issues(session)
        paper = next(record for record in publications if record.code == "Lehti")
        progress = {row.code: row for row in issues_against_target(session, TODAY)}
        papers = [row for row in issues if row.code == "Lehti"]
        articles = [list_articles(session, row.id) for row in papers]
        distributed = next(row for row in papers if row.status == IssueStatus.DISTRIBUTED)
        run = print_run(session, distributed.id, TODAY)
        labels = publication_distribution(session, paper.id, TODAY)
        record = branch_record(session, publication_id=paper.id)
    assert sorted(record.code for record in publications) == ["Kirje", "Lehti"]
    assert paper.editorial_body.startswith("Jäsenlehden toimituskunta")
    # 6 October: March and June out, October's issue in layout, December's planned.
    assert [row.status for row in papers if row.year == TODAY.year] == [
        IssueStatus.DISTRIBUTED,
        IssueStatus.DISTRIBUTED,
        IssueStatus.LAYOUT,
        IssueStatus.PLANNING,
    ]
    assert all(len(rows) >= 5 for rows in articles)
    assert (progress["Lehti"].published, progress["Lehti"].planned, progress["Lehti"].target) == (2, 2, 4)
    assert run.counted_from_labels and run.extra == 150 and 0 < run.postal <= len(labels.labels)
    assert labels.labels and labels.emails
    assert any(row.never for row in record) and any(row.contributed for row in record)
    assert sum(row.branches_sent for row in papers) > 0
