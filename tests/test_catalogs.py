"""Every message in the code is translated into Finnish and Swedish, with the same placeholders."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
LANGUAGES = ("fi", "sv")
_FORMATTER = string.Formatter()


def _source_messages() -> dict[str | tuple[str, str], str]:
    """Every translatable message in db/, reports/ and desktop/, with where it was found."""
    found: dict[str | tuple[str, str], str] = {}
    method_map = [("db/**.py", "python"), ("reports/**.py", "python"), ("desktop/**.py", "python")]
    for filename, _lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS
    ):
        key = (context, message) if context else message
        if isinstance(message, tuple):
            key = message[0]
        found.setdefault(key, filename)  # type: ignore[arg-type]
    return found


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a message (``{{`` escapes are not fields)."""
    return {field for _literal, field, _spec, _conv in _FORMATTER.parse(text) if field is not None}


@pytest.fixture(scope="module")
def source_messages() -> dict[str | tuple[str, str], str]:
    return _source_messages()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str, source_messages: dict) -> None:
    path = ROOT / "resources" / "locale" / language / "LC_MESSAGES" / "kansli.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    missing = []
    for key, where in source_messages.items():
        msgid, context = (key[1], key[0]) if isinstance(key, tuple) else (key, None)
        entry = catalog.get(msgid, context=context)
        if entry is None:
            missing.append(f"{where}: {msgid!r}")
            continue
        translations = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(translations):
            missing.append(f"{where}: {msgid!r} (untranslated or fuzzy)")
    assert not missing, f"{len(missing)} messages lack a {language} translation:\n" + "\n".join(missing[:40])


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_match(language: str) -> None:
    path = ROOT / "resources" / "locale" / language / "LC_MESSAGES" / "kansli.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = placeholders(ids[-1]) | placeholders(ids[0])
        for translated in strings:
            try:
                found = placeholders(translated)
            except ValueError as error:  # an unbalanced brace
                wrong.append(f"{ids[0]!r}: {error}")
                continue
            # A plural form may leave out {count} (Finnish "yksi jäsen"), but never add or misspell a field.
            allowed_missing = {"count"} if message.pluralizable else set()
            if not found <= expected or (expected - found) - allowed_missing:
                wrong.append(f"{ids[0]!r} → {translated!r}: {sorted(found)} ≠ {sorted(expected)}")
    assert not wrong, "\n".join(wrong[:40])


def test_the_placeholder_reader() -> None:
    assert placeholders("Hei {name}, sinulla on {count} viestiä") == {"name", "count"}
    assert placeholders("{{literal}} {x}") == {"x"}


def test_qt_standard_dialog_translations_are_available() -> None:
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for language in LANGUAGES:
        assert (folder / f"qtbase_{language}.qm").exists(), language
