"""How the Sync view words what it shows: what a conflict is about, the values on each side, what an action did."""

from __future__ import annotations

import re
from datetime import date
from html import escape
from pathlib import Path

from db.core.i18n import N_, _, format_count, format_day, ngettext
from db.core.values import JsonValue
from db.members.history import FIELD_LABELS
from db.sync.conflicts import ConflictView
from db.sync.exchange import ExportResult, ImportResult
from db.sync.keys import NodeIdentity
from db.sync.models import ConflictWinner
from db.sync.rules import synced_entities

EMPTY = "—"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# Field groups of more than one field (see the models' __field_groups__); a one-field group is named by its field.
GROUP_LABELS: dict[tuple[str, str], str] = {
    ("member", "name"): N_("Name"),
    ("member", "address"): N_("Address"),
}

# What a row of another table is to a person, put before the field ("Membership: Joined").
ENTITY_LABELS: dict[str, str] = {
    "contact_point": N_("Phone or e-mail"),
    "membership": N_("Membership"),
    "consent": N_("Consent"),
    "branch": N_("Branch"),
    "position": N_("Position of trust"),
    "household": N_("Household"),
    "body": N_("Body"),
}


def field_label(entity: str, field: str) -> str:
    """A field's name for people ("City"); the column's own name where none is written."""
    label = FIELD_LABELS.get((entity, field))
    return _(label) if label else field.replace("_", " ")


def group_label(entity: str, group: str) -> str:
    """What a conflict is about: "Address", "City", "Membership: Joined"."""
    label = GROUP_LABELS.get((entity, group))
    text = _(label) if label else field_label(entity, group)
    if entity == "member":
        return text
    owner = ENTITY_LABELS.get(entity)
    prefix = _(owner) if owner else entity.replace("_", " ")
    return text if prefix == text else f"{prefix}: {text}"


def value_text(value: JsonValue) -> str:
    """One field's value for reading: dates in the user's language, yes and no, a dash for nothing."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return format_day(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _fields(entity: str, group: str, values: dict[str, JsonValue]) -> list[str]:
    """The group's fields in the model's order (an address reads street, postal code, city)."""
    rules = synced_entities().get(entity)
    ordered = list(rules.groups.get(group, ())) if rules is not None else []
    return [name for name in ordered if name in values] + sorted(name for name in values if name not in ordered)


def group_text(entity: str, group: str, values: dict[str, JsonValue]) -> str:
    """A group's value on one line: "Aino Aalto", "Kauppakatu 1, 65100, Vaasa"."""
    parts = [value_text(values[name]) for name in _fields(entity, group, values)]
    shown = [part for part in parts if part != EMPTY]
    if not shown:
        return EMPTY
    return (" " if group == "name" else ", ").join(shown)


def group_lines(entity: str, group: str, values: dict[str, JsonValue]) -> str:
    """A group's value field by field, one per line (for a tooltip)."""
    return "\n".join(
        f"{field_label(entity, name)}: {value_text(values[name])}" for name in _fields(entity, group, values)
    )


def this_computer_in_place(conflict: ConflictView) -> bool:
    """Whether this computer's value is the one in place now (kept by the rule, or taken back by hand)."""
    return (conflict.winner is ConflictWinner.LOCAL) != conflict.taken_other


def kept_text(conflict: ConflictView) -> str:
    """Which value is in place now, and whether someone chose it by hand."""
    if conflict.taken_other:
        if this_computer_in_place(conflict):
            return _("This computer's value (taken by hand)")
        return _("The party office's value (taken by hand)")
    return _("This computer's value") if this_computer_in_place(conflict) else _("The party office's value")


def comparison_html(conflict: ConflictView) -> str:
    """The two values of a conflict side by side, field by field, the one in place marked."""
    local_in_place = this_computer_in_place(conflict)
    mark = " ✓"
    headings = (
        _("This computer") + (mark if local_in_place else ""),
        _("Party office") + ("" if local_in_place else mark),
    )
    names = _fields(conflict.entity, conflict.field_group, {**conflict.local_value, **conflict.other_value})
    rows = []
    for name in names:
        ours = value_text(conflict.local_value.get(name))
        theirs = value_text(conflict.other_value.get(name))
        weight = "font-weight:600;" if ours != theirs else ""
        rows.append(
            f"<tr><td style='color:#57606a;padding-right:12px'>{escape(field_label(conflict.entity, name))}</td>"
            f"<td style='{weight}padding-right:16px'>{escape(ours)}</td><td style='{weight}'>{escape(theirs)}</td></tr>"
        )
    head = (
        "<tr><td></td>"
        f"<td style='padding-right:16px'><b>{escape(headings[0])}</b></td><td><b>{escape(headings[1])}</b></td></tr>"
    )
    title = escape(f"{conflict.record} · {group_label(conflict.entity, conflict.field_group)}")
    return f"<p><b>{title}</b></p><table cellspacing='0' cellpadding='2'>{head}{''.join(rows)}</table>"


def enrolled_text(central: NodeIdentity, district: NodeIdentity, reply: Path) -> str:
    """What enrolling did: both fingerprints, and what to do with the reply."""
    fingerprints = "\n".join(
        _("Fingerprint of {name}: {fingerprint}").format(name=node.name, fingerprint=node.fingerprint())
        for node in (central, district)
    )
    return "\n\n".join(
        (
            _("Enrolled with {central} as {district}.").format(central=central.name, district=district.name),
            fingerprints,
            _(
                "Send the reply file {path} to the party office, and compare both fingerprints with them by phone"
                " before exchanging packages."
            ).format(path=reply),
        )
    )


def exported_text(result: ExportResult) -> str:
    """What making a package did, and where the file goes next."""
    made = _("Package {number} for {office} was saved as {path}.").format(
        number=result.sequence, office=result.peer_name, path=result.path
    )
    if result.rows:
        carries = ngettext(
            "It carries {count} changed record.", "It carries {count} changed records.", result.rows
        ).format(count=format_count(result.rows))
    else:
        carries = _("It carries no changes, only the confirmation of what was read here.")
    return f"{made} {carries} {_('Take it to the party office on a USB stick or send it as an e-mail attachment.')}"


def imported_text(result: ImportResult) -> str:
    """What reading a package did: new and changed records, conflicts, packages skipped over."""
    if not result.applied:
        # The package layer's own sentence, said again so that it follows a switch of language.
        return _("Package {number} from {sender} has already been imported; nothing was changed.").format(
            number=result.sequence, sender=result.sender
        )
    applied = _("Package {number} from {sender} was read and applied:").format(
        number=result.sequence, sender=result.sender
    )
    new = ngettext("{count} new record", "{count} new records", result.inserted).format(
        count=format_count(result.inserted)
    )
    changed = ngettext("{count} changed", "{count} changed", result.updated).format(count=format_count(result.updated))
    if result.conflicts:
        conflicts = ngettext("{count} conflict to review.", "{count} conflicts to review.", result.conflicts).format(
            count=format_count(result.conflicts)
        )
    else:
        conflicts = _("no conflicts.")
    line = f"{applied} {new}, {changed}, {conflicts}"
    missing = result.missing
    if len(missing) == 1:
        line += " " + _("Package {number} never arrived; its changes came with this one.").format(number=missing.start)
    elif missing:
        line += " " + _("Packages {first}–{last} were never imported; their changes came with this one.").format(
            first=missing.start, last=missing.stop - 1
        )
    return line
