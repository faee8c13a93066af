"""New ids (db.core.base.new_id): time-ordered UUIDv7s that behave as any UUID."""

from __future__ import annotations

import copy
import pickle
import uuid

from db.core.base import new_id


def test_a_new_id_is_a_uuid_in_every_way_that_matters() -> None:
    made = new_id()
    plain = uuid.UUID(str(made))
    assert isinstance(made, uuid.UUID)
    assert made == plain and plain == made and hash(made) == hash(plain)
    assert (made.hex, str(made), repr(made), made.int, made.bytes) == (
        plain.hex,
        str(plain),
        repr(plain),
        plain.int,
        plain.bytes,
    )
    assert made.version == 7 and made.variant == uuid.RFC_4122
    assert {made: 1}[plain] == 1
    for copied in (pickle.loads(pickle.dumps(made)), copy.copy(made), copy.deepcopy(made)):
        assert copied == made and type(copied) is uuid.UUID


def test_new_ids_are_different_and_in_the_order_they_were_made() -> None:
    made = [new_id() for _ in range(2000)]
    assert len(set(made)) == len(made)
    # Within one millisecond the random part decides; across milliseconds, time does.
    assert [value.int >> 80 for value in made] == sorted(value.int >> 80 for value in made)
