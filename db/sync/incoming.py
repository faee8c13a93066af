"""The rows of a package as the merge takes them: every line checked against this database's tables first."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from db.core.i18n import _
from db.core.values import JsonValue
from db.sync.errors import PackageError
from db.sync.rules import EntityRules, Version, parse_version, synced_entities

_LINE_KEYS = frozenset({"entity", "id", "values", "version", "groups", "conflicts"})
_REQUIRED_KEYS = frozenset({"entity", "id", "values", "version"})
_CONFLICT_KEYS = frozenset({"group", "winner", "loser", "loser_values"})


class ChangesDoNotFitError(PackageError):
    """The package passed every check of the file, but a change in it cannot be applied to this database."""

    def __init__(self, sender_name: str, detail: str) -> None:
        super().__init__(
            _(
                "The sync package from {sender} holds changes that do not fit this database, so nothing was "
                "changed. Ask {sender} for a new package, or update Kansli."
            ).format(sender=sender_name)
        )
        self.detail = detail


@dataclass(frozen=True)
class CarriedConflict:
    group: str
    winner: Version
    loser: Version
    loser_values: dict[str, JsonValue]


@dataclass
class Incoming:
    """One row of a package, read and checked."""

    rules: EntityRules
    row_id: str
    values: dict[str, JsonValue]
    base: Version
    groups: dict[str, Version]
    conflicts: list[CarriedConflict]

    def version(self, group: str) -> Version:
        return self.groups.get(group, self.base)


def parse_changes(lines: Sequence[Mapping[str, Any]], sender_name: str) -> list[Incoming]:
    """Check every line of a package before anything is applied.

    Raises:
        ChangesDoNotFitError: for a line that names an unknown table or field or is not in the expected form.
    """
    entities = synced_entities()
    parsed: list[Incoming] = []
    for number, line in enumerate(lines, 1):
        try:
            parsed.append(_parse_line(line, entities))
        except (ValueError, TypeError, KeyError) as error:
            raise ChangesDoNotFitError(sender_name, f"line {number}: {error}") from None
    return parsed


def _parse_line(line: Mapping[str, Any], entities: Mapping[str, EntityRules]) -> Incoming:
    if not _REQUIRED_KEYS <= set(line) <= _LINE_KEYS:
        raise ValueError("unexpected or missing keys")
    rules = entities.get(line["entity"])
    if rules is None:
        raise ValueError(f"unknown table {line['entity']!r}")
    row_id = line["id"]
    if not isinstance(row_id, str) or str(uuid.UUID(row_id)) != row_id:
        raise ValueError("row id")
    values = line["values"]
    if not isinstance(values, dict) or not set(values) <= set(rules.fields):
        raise ValueError("unknown fields")
    for value in values.values():
        if value is not None and type(value) not in (str, int, float, bool):
            raise ValueError("a value that is not plain")
    groups_value = line.get("groups", {})
    if not isinstance(groups_value, dict) or not set(groups_value) <= set(rules.groups):
        raise ValueError("unknown groups")
    groups = {name: parse_version(version) for name, version in groups_value.items()}
    conflicts: list[CarriedConflict] = []
    for item in line.get("conflicts", []):
        if not isinstance(item, dict) or set(item) != _CONFLICT_KEYS or item["group"] not in rules.groups:
            raise ValueError("conflict")
        loser_values = item["loser_values"]
        if not isinstance(loser_values, dict) or set(loser_values) != set(rules.groups[item["group"]]):
            raise ValueError("conflict values")
        conflicts.append(
            CarriedConflict(item["group"], parse_version(item["winner"]), parse_version(item["loser"]), loser_values)
        )
    return Incoming(rules, row_id, dict(values), parse_version(line["version"]), groups, conflicts)
