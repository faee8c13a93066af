"""The merge rules of sync in one place: what travels, how fields group, who owns what, and which write wins.

Every node applies exactly these rules to the same versions, so every node keeps the same value:

1. **Field groups.** A row merges group by group; a group is named in the model's ``__field_groups__`` (an address
   is one group), and a field named in none is a group of its own.
2. **Erasure wins.** A member's ``erased_at`` once set is never unset by sync, and an erased person's personal
   fields take no change from any package (:data:`PERSONAL_WHEN_ERASED`, and the rows that belong to them are
   scrubbed as they arrive).
3. **Ownership** (:data:`OWNERSHIP`). A group owned by one side (the central office: member numbers, membership
   dates and end reasons, fees; a district: calls, meetings, positions, interests, its notes) takes a write by that
   side over any write by the other side, whatever the clocks say.
4. **Last writer wins** otherwise: the later hybrid-logical-clock stamp, and for equal stamps the greater node id.

Which side wrote a version follows from its node id: the central office's node id is pinned on every district.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Final

from sqlalchemy import Table
from sqlalchemy.orm import Mapper

from db.core.base import Base, is_synced_class
from db.core.logged_rows import UNLOGGED_FIELDS
from db.core.values import JsonValue
from db.privacy.erasure import ERASED_LINK_FIELDS, ERASED_MEMBER_FIELDS, NAME_FIELDS
from db.sync.models import NodeRole

ALL_FIELDS: Final = "*"

# Tables of synced rows that stay on their node: the district row describes the database it is in.
NOT_SYNCED: Final = frozenset({"district"})

# Who owns what. entity → {field or ALL_FIELDS: owner}. A field not listed (names, addresses, contact points,
# consents …) belongs to nobody: the last writer wins. Fees join the central office's side when they exist.
OWNERSHIP: Final[Mapping[str, Mapping[str, NodeRole]]] = {
    # The central register is master for membership: the number, the dates and how a membership ended.
    "member": {"member_number": NodeRole.CENTRAL, "notes": NodeRole.DISTRICT},
    "membership": {
        "joined_on": NodeRole.CENTRAL,
        "notice_received_on": NodeRole.CENTRAL,
        "ended_on": NodeRole.CENTRAL,
        "end_reason": NodeRole.CENTRAL,
    },
    # The district is master for what it records itself: calls, meetings, positions of trust, interests, notes.
    "branch": {"notes": NodeRole.DISTRICT},
    "body": {ALL_FIELDS: NodeRole.DISTRICT},
    "position": {ALL_FIELDS: NodeRole.DISTRICT},
    "interest": {ALL_FIELDS: NodeRole.DISTRICT},
    "member_interest": {ALL_FIELDS: NodeRole.DISTRICT},
    "call_campaign": {ALL_FIELDS: NodeRole.DISTRICT},
    "call_question": {ALL_FIELDS: NodeRole.DISTRICT},
    "caller": {ALL_FIELDS: NodeRole.DISTRICT},
    "call_sheet": {ALL_FIELDS: NodeRole.DISTRICT},
    "call_sheet_row": {ALL_FIELDS: NodeRole.DISTRICT},
    "call": {ALL_FIELDS: NodeRole.DISTRICT},
    "call_task": {ALL_FIELDS: NodeRole.DISTRICT},
    "chairs_meeting": {ALL_FIELDS: NodeRole.DISTRICT},
    "chairs_meeting_attendance": {ALL_FIELDS: NodeRole.DISTRICT},
    "contact_log_entry": {ALL_FIELDS: NodeRole.DISTRICT},
    "mentor_pair": {ALL_FIELDS: NodeRole.DISTRICT},
    "survey_grade": {ALL_FIELDS: NodeRole.DISTRICT},
    "officer_notification": {ALL_FIELDS: NodeRole.DISTRICT},
    "recruitment_action": {ALL_FIELDS: NodeRole.DISTRICT},
    # Meetings, media work, the member paper and recognitions are the district's own records too.
    "meeting_settings": {ALL_FIELDS: NodeRole.DISTRICT},
    "meeting": {ALL_FIELDS: NodeRole.DISTRICT},
    "meeting_attendee": {ALL_FIELDS: NodeRole.DISTRICT},
    "agenda_item": {ALL_FIELDS: NodeRole.DISTRICT},
    "action_item": {ALL_FIELDS: NodeRole.DISTRICT},
    "media_outlet": {ALL_FIELDS: NodeRole.DISTRICT},
    "media_contact": {ALL_FIELDS: NodeRole.DISTRICT},
    "media_item": {ALL_FIELDS: NodeRole.DISTRICT},
    "media_item_outlet": {ALL_FIELDS: NodeRole.DISTRICT},
    "publication": {ALL_FIELDS: NodeRole.DISTRICT},
    "publication_issue": {ALL_FIELDS: NodeRole.DISTRICT},
    "publication_article": {ALL_FIELDS: NodeRole.DISTRICT},
    "branch_contribution": {ALL_FIELDS: NodeRole.DISTRICT},
    "recognition": {ALL_FIELDS: NodeRole.DISTRICT},
}

# Rows that two nodes may each make for the same thing: one interest vocabulary entry per code, a member's interest
# once. A row arriving with the natural key of a row here is that row (see db.sync.models.SyncAlias).
NATURAL_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    "interest": ("code",),
    "member_interest": ("member_id", "interest_id"),
    "chairs_meeting_attendance": ("meeting_id", "branch_id"),
    "survey_grade": ("branch_id", "year"),
    "officer_notification": ("branch_id", "year"),
    "meeting_settings": ("body_id",),
}

# An erased person's fields that no package changes again (the name only when the erasure did not keep it).
PERSONAL_WHEN_ERASED: Final = frozenset(ERASED_MEMBER_FIELDS + ERASED_LINK_FIELDS)
NAME_WHEN_ERASED: Final = frozenset(NAME_FIELDS)

ZERO_HLC: Final = "0000000000000000-0000"


@dataclass(frozen=True)
class Version:
    """Who wrote a field group's value, and when: an HLC stamp (sortable text) and the writer's node id."""

    hlc: str
    node: str

    def text(self) -> str:
        return f"{self.hlc}@{self.node}"


ZERO_VERSION: Final = Version(ZERO_HLC, "00000000-0000-0000-0000-000000000000")


@dataclass(frozen=True)
class EntityRules:
    """The sync rules of one table: its fields, groups and owners."""

    name: str
    mapper: Mapper[Any]
    table: Table
    fields: tuple[str, ...]
    groups: Mapping[str, tuple[str, ...]]
    group_of: Mapping[str, str]
    owners: Mapping[str, NodeRole]
    references: Mapping[str, str]
    has_member_owner: bool

    def owner(self, group: str) -> NodeRole | None:
        return self.owners.get(group)


@cache
def synced_entities() -> dict[str, EntityRules]:
    """The rules of every table that travels in sync, by table name, in an order parents come before children."""
    mappers = {mapper.local_table.name: mapper for mapper in Base.registry.mappers}  # type: ignore[attr-defined]
    entities: dict[str, EntityRules] = {}
    for table in Base.metadata.sorted_tables:
        mapper = mappers.get(table.name)
        if mapper is None or not is_synced_class(mapper.class_) or table.name in NOT_SYNCED:
            continue
        fields = tuple(attr.key for attr in mapper.column_attrs if attr.key not in UNLOGGED_FIELDS)
        declared: Mapping[str, tuple[str, ...]] = getattr(mapper.class_, "__field_groups__", {})
        group_of = {field: group for group, members in declared.items() for field in members}
        groups: dict[str, tuple[str, ...]] = {}
        for field in fields:
            groups.setdefault(group_of.setdefault(field, field), ())
            groups[group_of[field]] += (field,)
        owned = OWNERSHIP.get(table.name, {})
        owners: dict[str, NodeRole] = {}
        for group, members in groups.items():
            roles = {owned.get(field, owned.get(ALL_FIELDS)) for field in members}
            role = roles.pop() if len(roles) == 1 else None
            if role is not None:
                owners[group] = role
        references: dict[str, str] = {}
        for attr in mapper.column_attrs:
            for key in attr.columns[0].foreign_keys:
                references[attr.key] = key.column.table.name
        entities[table.name] = EntityRules(
            name=table.name,
            mapper=mapper,
            table=table,
            fields=fields,
            groups=groups,
            group_of=group_of,
            owners=owners,
            references=references,
            has_member_owner=references.get("member_id") == "member",
        )
    return entities


def writer_role(version: Version, central_node: str | None) -> NodeRole:
    """Which side made a write: the central office's node id is known to every node."""
    return NodeRole.CENTRAL if central_node is not None and version.node == central_node else NodeRole.DISTRICT


def version_key(
    rules: EntityRules, group: str, version: Version, values: Mapping[str, JsonValue], central_node: str | None
) -> tuple[int, int, str, str]:
    """The sort key of a write to a group: the greatest key wins on every node alike.

    Erasure first (a set ``erased_at`` beats an unset one), then ownership (the owner's write beats the other
    side's), then the HLC stamp, then the node id.
    """
    erasure = 1 if rules.name == "member" and group == "erased_at" and values.get("erased_at") is not None else 0
    owner = rules.owner(group)
    owned = 1 if owner is not None and writer_role(version, central_node) is owner else 0
    return (erasure, owned, version.hlc, version.node)


def parse_version(value: Any) -> Version:
    """Read ``[hlc, node]`` as a package carries it.

    Raises:
        ValueError: when it is anything else.
    """
    if not isinstance(value, list) or len(value) != 2 or not all(isinstance(part, str) for part in value):
        raise ValueError("a version is [hlc, node]")
    hlc, node = value
    if len(hlc) != len(ZERO_HLC) or hlc[16] != "-" or not hlc[:16].isdigit():
        raise ValueError("not an HLC stamp")
    int(hlc[17:], 16)
    if not _is_node_id(node):
        raise ValueError("not a node id")
    return Version(hlc, node)


@lru_cache(maxsize=4096)
def _is_node_id(node: str) -> bool:
    """Whether ``node`` is a node id as written (a package names a few nodes, each in thousands of versions)."""
    try:
        return str(uuid.UUID(node)) == node
    except ValueError:
        return False
