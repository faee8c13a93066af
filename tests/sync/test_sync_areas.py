"""The district's own records of the later areas travel and stay the district's: meetings, recognitions, the paper."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from db.branches.models import Body, BodyKind
from db.core.database import Store
from db.core.keys import DataKey
from db.meetings.models import Meeting
from db.newsletters.models import Publication
from db.recognition.models import Recognition, RecognitionKind
from db.sync.rules import NATURAL_KEYS, OWNERSHIP, NodeRole
from tests.sync.network import Network, add_member, make_network


@pytest.fixture
def network(
    tmp_path: Path, template_database: Path, database_key: DataKey, make_central: Callable[[], Store]
) -> Iterator[Network]:
    built = make_network(tmp_path, template_database, database_key, ("U",), central=make_central())
    yield built
    built.close()


def test_every_synced_table_of_the_later_areas_is_the_districts() -> None:
    for table in (
        "meeting_settings", "meeting", "meeting_attendee", "agenda_item", "action_item", "media_outlet",
        "media_contact", "media_item", "media_item_outlet", "publication", "publication_issue", "publication_article",
        "branch_contribution", "recognition",
    ):  # fmt: skip
        assert OWNERSHIP[table] == {"*": NodeRole.DISTRICT} or set(OWNERSHIP[table].values()) == {NodeRole.DISTRICT}
    assert NATURAL_KEYS["meeting_settings"] == ("body_id",)


def test_a_meeting_a_recognition_and_a_publication_reach_the_central_office(network: Network) -> None:
    district = network.districts["U"]
    member_id = add_member(district, "Aino", "Aalto", number="P-U-1")
    with district.transaction("Records") as session:
        board = Body(name="Piirihallitus", kind=BodyKind.DISTRICT_BOARD)
        session.add(board)
        session.flush()
        session.add(Meeting(body_id=board.id, year=2026, number=5, held_on=date(2026, 5, 9)))
        session.add(
            Recognition(
                year=2026,
                number=14,
                member_id=member_id,
                kind=RecognitionKind.THANK_YOU,
                awarded_on=date(2026, 5, 9),
            )
        )
        session.add(Publication(name="Jäsenlehti", code="JL", first_year=2026))
    network.exchange("U")
    with network.central.reading() as session:
        assert session.execute(select(Meeting.number, Meeting.held_on)).one() == (5, date(2026, 5, 9))
        assert session.execute(select(Recognition.year, Recognition.number)).one() == (2026, 14)
        assert session.execute(select(Publication.code)).scalar_one() == "JL"
