"""Copies of an erased person's name that other records took when they were made.

Some records keep a person's name as text rather than a link, because it is what was printed or said then:

* the signers of diplomas (``recognition.signers``: the district board's chair and secretary on the day, copied
  when a recognition is given, so the diplomas of *other* people carry the name);
* the labels of operations (``operation.label``: "Take {name} off the list of {meeting}" …);
* the export log (``export_log``: "Callers: {names}" as the recipients of call sheets …).

No foreign key leads to these, so :mod:`db.privacy.person_rows` cannot find them. An erasure replaces the person's
full name in them with :data:`ERASED` (in the change log's values of the signers as well), and leaves everything
else as it was: the diploma keeps its other signer, the operation and the export stay in their logs.
Only the whole name is replaced ("first last" or "last first"): a first name alone would hit other people.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from db.core.changelog import ChangeRecord, Operation
from db.core.values import dump
from db.privacy.models import ExportLogEntry
from db.recognition.models import Recognition

ERASED = "—"
_LABEL_MARK = "\x1e"  # what a stored db.core.i18n.Label begins with


def full_names(first: str, last: str) -> list[str]:
    """The forms of a person's name that records copy: "first last" and "last first" (empty parts left out).

    An already erased name (:data:`ERASED`) gives none.
    """
    parts = [part for part in (first.strip(), last.strip()) if part and part != ERASED]
    if not parts:
        return []
    return list(dict.fromkeys((" ".join(parts), " ".join(reversed(parts)))))


def _replace(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, ERASED)
    return text


def _replace_in_json(value: Any, names: list[str]) -> Any:
    if isinstance(value, str):
        return _replace(value, names)
    if isinstance(value, list):
        return [_replace_in_json(item, names) for item in value]
    if isinstance(value, dict):
        return {key: _replace_in_json(item, names) for key, item in value.items()}
    return value


def _replace_in_label(stored: str, names: list[str]) -> str:
    """A stored label with the names replaced in its arguments (a plain-text label as text)."""
    if not stored.startswith(_LABEL_MARK):
        return _replace(stored, names)
    try:
        data = json.loads(stored[len(_LABEL_MARK) :])
    except ValueError:
        return _replace(stored, names)
    if not isinstance(data, dict):
        return _replace(stored, names)
    data["a"] = _replace_in_json(data.get("a", {}), names)
    return _LABEL_MARK + json.dumps(data, ensure_ascii=False, sort_keys=True)


def _pattern(names: list[str]) -> re.Pattern[str]:
    # One pass over each table in Python: a purge erases hundreds of people, and hundreds of LIKE terms in one
    # statement would exceed SQLite's expression depth (or scan the table once per name).
    return re.compile("|".join(re.escape(name) for name in names))


def scrub_name_mentions(session: Session, names: Iterable[str]) -> int:
    """Replace the names in diploma signers, operation labels and the export log; return the records changed."""
    wanted = sorted({name for name in names if name and name != ERASED}, key=len, reverse=True)
    if not wanted:
        return 0
    pattern = _pattern(wanted)
    changed = _recognition_signers(session, wanted, pattern)
    connection = session.connection()
    operations = session.execute(select(Operation.id, Operation.label)).tuples().all()
    for operation_id, label in operations:
        if not pattern.search(label):
            continue
        # The operation table is no synced table: what it says is this database's own history.
        connection.execute(
            update(Operation.__table__)  # type: ignore[arg-type]
            .where(Operation.__table__.c.id == operation_id)
            .values(label=_replace_in_label(label, wanted))
        )
        changed += 1
    log = ExportLogEntry
    exports = session.execute(select(log.id, log.description, log.recipient)).tuples().all()
    for export_id, description, recipient in exports:
        if not (pattern.search(description) or (recipient is not None and pattern.search(recipient))):
            continue
        connection.execute(
            update(log.__table__)  # type: ignore[arg-type]
            .where(log.__table__.c.id == export_id)
            .values(
                description=_replace_in_label(description, wanted),
                recipient=None if recipient is None else _replace_in_label(recipient, wanted),
            )
        )
        changed += 1
    return changed


def _recognition_signers(session: Session, names: list[str], pattern: re.Pattern[str]) -> int:
    """Replace the names among the signers of diplomas (through the ORM: sync carries it), and in their log."""
    signed = session.execute(select(Recognition.id, Recognition.signers).where(Recognition.signers.is_not(None)))
    ids = [row_id for row_id, signers in signed.tuples() if signers is not None and pattern.search(signers)]
    rows = [row for row in (session.get(Recognition, row_id) for row_id in ids) if row is not None]
    for row in rows:
        row.signers = None if row.signers is None else _replace(row.signers, names)
    session.flush()
    row_ids = [str(row.id) for row in rows]
    if not row_ids:
        return 0
    records = session.execute(
        select(ChangeRecord.seq, ChangeRecord.old_value, ChangeRecord.new_value).where(
            ChangeRecord.entity == Recognition.__tablename__,
            ChangeRecord.row_id.in_(row_ids),
            or_(ChangeRecord.field.is_(None), ChangeRecord.field == "signers"),
        )
    ).tuples()
    log = ChangeRecord.__table__
    for seq, old, new in records.all():
        values = {
            key: None if text is None else dump(_replace_in_json(json.loads(text), names))
            for key, text in (("old_value", old), ("new_value", new))
        }
        if values != {"old_value": old, "new_value": new}:
            session.connection().execute(update(log).where(log.c.seq == seq).values(**values))  # type: ignore[arg-type]
    return len(rows)
