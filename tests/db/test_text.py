from __future__ import annotations

import pytest

from db.core.text import digits, fold, looks_like_phone, name_key


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Åhlström", "ahlstrom"),
        ("  ÄÄNINEN  Öljy ", "aaninen oljy"),
        ("Søren Ærø", "soren aero"),
        ("Straße", "strasse"),
        ("José Łukasz", "jose lukasz"),
        ("", ""),
    ],
)
def test_fold_removes_case_and_diacritics(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_name_key_treats_hyphens_and_accents_alike() -> None:
    assert name_key("Anna-Maria", "Åhlström") == name_key("anna maria", "AHLSTROM")
    assert name_key("Anna-Maria", "Åhlström") != name_key("Anna", "Åhlström")
    assert name_key("Jean-Luc", "O'Neill") == "jean luc o neill"


def test_digits_and_phone_detection() -> None:
    assert digits("+358 (40) 123-45 67") == "358401234567"
    assert looks_like_phone("040 123 4567")
    assert looks_like_phone("+358401234567")
    assert not looks_like_phone("Virtanen 040")
    assert not looks_like_phone("12")
