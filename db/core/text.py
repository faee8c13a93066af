"""Folding of names and search text so that "ahlstrom" finds "Åhlström".

Search and duplicate detection compare *folded* text: lower case, without diacritics, with the Nordic and other
letters that Unicode does not decompose mapped by hand, and with whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not split into a base letter and a combining mark.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "ø": "o",
        "œ": "oe",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "þ": "th",
        "ı": "i",
    }
)
_NAME_SEPARATORS = re.compile(r"[-‐‑‒–—'’`´.,]+")
_NON_DIGITS = re.compile(r"\D+")


class _FoldTable(dict[int, str]):
    """Each character's folded form, worked out the first time ``str.translate`` meets the character.

    Folding one character at a time gives the same result as folding the whole text (case folding is per
    character, and the combining marks that NFKD could reorder are all dropped), and a table makes folding the
    search text of 100 000 members an import's matter of a second rather than ten.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code).casefold().translate(_SPECIAL_LETTERS))
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics and with single spaces."""
    if text.isascii():
        return " ".join(text.lower().split())
    return " ".join(text.translate(_FOLD_TABLE).split())


def name_key(first_name: str, last_name: str) -> str:
    """Return a key under which two spellings of one person's name compare equal.

    Hyphens and apostrophes count as spaces, so "Anna-Maria" and "Anna Maria" share a key; so do
    "Åhlström" and "Ahlstrom".
    """
    joined = f"{first_name} {last_name}"
    return fold(_NAME_SEPARATORS.sub(" ", joined))


def digits(text: str) -> str:
    """Return only the digits of ``text`` ("+358 40-123" → "35840123")."""
    return _NON_DIGITS.sub("", text)


def looks_like_phone(text: str) -> bool:
    """Tell whether a search text is meant as a phone number (digits with phone punctuation only)."""
    stripped = text.strip()
    return bool(stripped) and bool(re.fullmatch(r"[+\d][\d\s()./-]*", stripped)) and len(digits(stripped)) >= 3


# Finnish and Swedish alphabets end in å, ä, ö (after z); "{", "|", "}" are the characters that follow "z".
_NORDIC_ORDER = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def nordic_sort_key(text: str) -> str:
    """Return a key that sorts text in Finnish and Swedish alphabetical order (å, ä, ö after z)."""
    return fold(text.casefold().translate(_NORDIC_ORDER))


def name_sort_key(first_name: str, last_name: str) -> str:
    """Return the key a list of people is sorted by: last name, then first name, in Nordic order."""
    return f"{nordic_sort_key(last_name)}\x00{nordic_sort_key(first_name)}"
