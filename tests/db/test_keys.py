from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail

from db.core import keys
from db.core.errors import InvalidRecoveryKeyError
from db.core.keys import DataKey, KeyringStore, key_from_environment


def test_recovery_key_round_trip_in_any_case_and_spacing() -> None:
    key = DataKey.generate()
    text = key.recovery_text()
    groups = text.split("-")
    assert len(groups) == 11 and all(len(group) == 5 for group in groups)
    assert DataKey.from_recovery_text(text) == key
    assert DataKey.from_recovery_text(text.lower().replace("-", " ")) == key
    assert DataKey.from_recovery_text(key.raw.hex()) == key


def test_recovery_key_typing_error_is_caught_by_the_checksum() -> None:
    text = DataKey.generate().recovery_text()
    replacement = "1" if text[7] != "1" else "2"
    typo = text[:7] + replacement + text[8:]
    with pytest.raises(InvalidRecoveryKeyError):
        DataKey.from_recovery_text(typo)
    with pytest.raises(InvalidRecoveryKeyError):
        DataKey.from_recovery_text(text[:-1])


def test_crockford_lookalikes_are_read_as_digits() -> None:
    key = DataKey.generate()
    text = key.recovery_text().replace("0", "O").replace("1", "I")
    assert DataKey.from_recovery_text(text) == key


def test_repr_hides_the_key() -> None:
    key = DataKey.generate()
    assert key.raw.hex() not in repr(key)
    assert "hidden" in repr(key)


def test_key_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert key_from_environment() is None
    key = DataKey.generate()
    monkeypatch.setenv("KANSLI_KEY", key.recovery_text())
    assert key_from_environment() == key
    monkeypatch.setenv("KANSLI_KEY", "not a key")
    with pytest.raises(InvalidRecoveryKeyError):
        key_from_environment()


def test_fail_backend_is_never_used() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        store = KeyringStore()
        assert not store.is_safe()
        assert store.save("db-x", DataKey.generate()) is False
        assert store.load("db-x") is None
    finally:
        keyring.set_keyring(previous)


def test_untrusted_backend_that_works_is_still_refused(memory_keyring, monkeypatch: pytest.MonkeyPatch) -> None:
    # A backend that would store the key (like keyrings.alt's plaintext file) but is not on the allow-list.
    monkeypatch.setattr(keys, "TRUSTED_BACKENDS", set())
    store = KeyringStore()
    assert store.save("db-x", DataKey.generate()) is False
    assert memory_keyring.secrets == {}


def test_trusted_keyring_keeps_the_key(memory_keyring) -> None:
    store = KeyringStore()
    key = DataKey.generate()
    assert store.save("db-1", key)
    assert store.load("db-1") == key
    assert store.load("db-2") is None
    store.forget("db-1")
    assert store.load("db-1") is None
