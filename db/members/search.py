"""Finding members by any part of name, e-mail, phone, city or member number, whatever the case or diacritics.

Each member's row in ``member_search`` (kept by :mod:`db.members.member_index`) holds the folded text of everything
searchable (phones in both international and national digits, so "0401234567" finds "+358 40 123 4567"); an FTS5
trigram index over it finds any fragment of three or more characters without scanning.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    case,
    column,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from db.core.text import digits, fold, looks_like_phone, nordic_sort_key
from db.members.listing import summaries_by_id
from db.members.models import Member, MemberSearchEntry
from db.members.records import MemberSummary

_CHUNK = 5000  # members refreshed per round: few statements for a large import, yet bounded memory
_MIN_INDEXED = 3  # the trigram index finds fragments of at least three characters


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def search_terms(query: str) -> list[str]:
    """Split a search text into the folded fragments that must all be found."""
    if looks_like_phone(query):
        number = digits(query)
        return [number] if number else []
    return fold(query).split()


def entry_match(query: str, *, in_name_order: bool = False) -> ColumnElement[bool] | None:
    """Return a condition on ``member_search`` rows true for members matching every fragment of ``query``.

    None means the query is empty, i.e. no filter. With ``in_name_order`` the condition leads SQLite to walk the
    members in name order (the list's covering index) and test each against the full-text matches, instead of
    looking up each match's row and sorting them: better when a fragment matches a third of the register.
    """
    terms = search_terms(query)
    return _entry_match(terms, _words(query), in_name_order) if terms else None


def member_match(query: str) -> ColumnElement[bool] | None:
    """The same as :func:`entry_match`, as a condition on ``Member.id`` (for queries not built on the rows)."""
    condition = entry_match(query)
    if condition is None:
        return None
    return Member.id.in_(select(MemberSearchEntry.member_id).where(condition))


def _words(query: str) -> list[str]:
    """The words of a query as typed (lower case, letters kept): what a one- or two-letter prefix is read from."""
    return [] if looks_like_phone(query) else query.casefold().split()


def _entry_match(terms: list[str], words: list[str], in_name_order: bool = False) -> ColumnElement[bool]:
    """A condition on ``member_search`` rows holding every term (through the trigram index where it can)."""
    long_terms = [term for term in terms if len(term) >= _MIN_INDEXED]
    # Short words keep their letters: in Finnish and Swedish "ä" is not "a", and the name sort key knows it.
    short_terms = [(term, word) for term, word in zip(terms, words or terms, strict=False) if len(term) < _MIN_INDEXED]
    conditions: list[ColumnElement[bool]] = []
    if long_terms:
        match = " AND ".join(_fts_phrase(term) for term in long_terms)
        matching_rowids = text("SELECT rowid FROM member_search_fts WHERE member_search_fts MATCH :match").bindparams(
            match=match
        )
        # "rowid + 0" is not the rowid to SQLite's planner, so it cannot look the matches up one by one.
        rowid = MemberSearchEntry.rowid + 0 if in_name_order else MemberSearchEntry.rowid
        conditions.append(rowid.in_(matching_rowids.columns(column("rowid", Integer))))
    for term, word in short_terms:
        # One or two letters cannot use the trigram index, and as a fragment anywhere they match half the
        # register: they find names that begin with them, the last name by the Nordic sort key, the first name by
        # the folded name key (unless the word has å, ä or ö, which folding would lose).
        conditions.append(or_(*short_word_conditions(term, word)))
    return and_(*conditions)


def one_short_word(query: str) -> tuple[str, str] | None:
    """The folded term and the word as typed when ``query`` is one word of one or two letters; else None."""
    terms, words = search_terms(query), _words(query)
    if len(terms) == 1 and len(words) == 1 and len(terms[0]) < _MIN_INDEXED:
        return terms[0], words[0]
    return None


def short_word_conditions(term: str, word: str) -> list[ColumnElement[bool]]:
    """The index ranges whose union is the members a one- or two-letter word finds (see :func:`_entry_match`)."""
    last_name = _prefix(MemberSearchEntry.sort_key, nordic_sort_key(word))
    if any(letter in word for letter in "åäöæø"):
        return [last_name]
    return [_prefix(MemberSearchEntry.name_key, term), last_name]


def _prefix(column: Any, prefix: str) -> ColumnElement[bool]:
    """``column`` begins with ``prefix``, as an index range (no LIKE, which SQLite's indexes cannot serve here)."""
    return and_(column >= prefix, column < prefix + "\U0010ffff")


def name_starts_with(query: str) -> ColumnElement[Any]:
    """An ordering term: 0 for members with a name that begins with the first fragment, else 1."""
    terms = search_terms(query)
    if not terms:
        return literal(0)
    word_start = (literal(" ") + MemberSearchEntry.name_key).contains(" " + terms[0], autoescape=True)
    return case((word_start, literal(0)), else_=literal(1))


def find_members(session: Session, query: str, today: date, limit: int = 50) -> list[MemberSummary]:
    """Return members matching ``query``, those whose name starts with it first, then by name.

    The ids are chosen and ordered first, from the search rows and names alone; only the ``limit`` chosen are then
    read in full. A common fragment matches thousands of members, and computing each one's branch, status and
    contacts before sorting would cost a hundred milliseconds.
    """
    if not search_terms(query):
        return []
    # Deleted members have no search row, so the search rows alone answer which and in what order.
    ids = list(
        session.execute(
            select(MemberSearchEntry.member_id)
            .where(_entry_match(search_terms(query), _words(query)))
            .order_by(name_starts_with(query), MemberSearchEntry.sort_key)
            .limit(limit)
        ).scalars()
    )
    summaries = summaries_by_id(session, ids, today)
    return [summaries[member_id] for member_id in ids if member_id in summaries]
