"""A campaign's target rule: who the campaign is meant to reach, kept as JSON on the campaign."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from db.core.errors import ValidationError
from db.core.i18n import _


@dataclass(frozen=True)
class TargetRule:
    """Which members a campaign takes. Empty tuples mean "any"."""

    branch_ids: tuple[uuid.UUID, ...] = ()
    kinds: tuple[str, ...] = ("member",)  # membership kinds: "member", "supporter"
    include_applicants: bool = False  # applications not yet accepted
    joined_from: date | None = None
    joined_to: date | None = None
    # A standing campaign (the welcome call) takes everyone who joined within this many days.
    joined_within_days: int | None = None
    languages: tuple[str, ...] = ()  # "fi", "sv", "other"
    requires_phone: bool = True  # members without a usable phone are left out (and counted)
    # Leave out members reached in any other campaign within this many days.
    not_reached_days: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # keys written by a newer program, kept as they are

    def check(self) -> TargetRule:
        """Return the rule if it is consistent, else raise :class:`ValidationError`."""
        if self.joined_from and self.joined_to and self.joined_from > self.joined_to:
            raise ValidationError("joined_to", _("The end of the joining period is before its start."))
        for name in ("joined_within_days", "not_reached_days"):
            value = getattr(self, name)
            if value is not None and not 0 < value <= 3660:
                raise ValidationError(name, _("Give a number of days between 1 and 3660."))
        return self

    def to_json(self) -> str:
        data = asdict(self)
        extra = data.pop("extra")
        data["branch_ids"] = [str(branch) for branch in self.branch_ids]
        data["kinds"] = list(self.kinds)
        data["languages"] = list(self.languages)
        for name in ("joined_from", "joined_to"):
            data[name] = data[name].isoformat() if data[name] else None
        return json.dumps({**extra, **data}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> TargetRule:
        """Read a rule; unknown keys are kept, malformed values fall back to the defaults."""
        try:
            data = json.loads(text or "{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        known = {name for name in cls.__dataclass_fields__ if name != "extra"}
        default = cls()

        def days(name: str) -> int | None:
            value = data.get(name)
            return value if isinstance(value, int) and value > 0 else None

        def day(name: str) -> date | None:
            try:
                return date.fromisoformat(data[name]) if data.get(name) else None
            except (TypeError, ValueError):
                return None

        def strings(name: str, fallback: tuple[str, ...]) -> tuple[str, ...]:
            value = data.get(name)
            if not isinstance(value, list):
                return fallback
            return tuple(str(item) for item in value)

        branch_ids: list[uuid.UUID] = []
        for item in data.get("branch_ids") or []:
            try:
                branch_ids.append(uuid.UUID(str(item)))
            except ValueError:
                continue
        return cls(
            branch_ids=tuple(branch_ids),
            kinds=strings("kinds", default.kinds),
            include_applicants=bool(data.get("include_applicants", False)),
            joined_from=day("joined_from"),
            joined_to=day("joined_to"),
            joined_within_days=days("joined_within_days"),
            languages=strings("languages", ()),
            requires_phone=bool(data.get("requires_phone", True)),
            not_reached_days=days("not_reached_days"),
            extra={key: value for key, value in data.items() if key not in known},
        )
