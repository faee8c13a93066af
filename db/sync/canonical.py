"""Canonical JSON: exactly one byte string for one value, so signatures and hashes over it mean the same everywhere.

Keys sorted, no whitespace, UTF-8, no NaN or infinity. A reader insists on the canonical form (it re-encodes what
it parsed and compares): that refuses duplicate keys, stray whitespace and other ways of writing the same value
twice, which would otherwise let two different files carry one meaning.
"""

from __future__ import annotations

import json
from typing import Any


def canonical_json(value: Any) -> bytes:
    """Encode ``value`` in canonical form.

    Raises:
        TypeError: when ``value`` holds something JSON cannot (a date, a set): a programming error.
        ValueError: when it holds NaN or an infinity.
    """
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False).encode()


def load_canonical_object(data: bytes) -> dict[str, Any]:
    """Parse a JSON object that must already be in canonical form.

    Raises:
        ValueError: when ``data`` is not UTF-8, not JSON, not an object, or not written canonically.
    """
    try:
        value = json.loads(data.decode("utf-8"))
    except RecursionError:  # "[[[[…" nested deeper than the parser's stack: not something Kansli writes
        raise ValueError("JSON nested too deeply") from None
    except UnicodeDecodeError as error:  # a ValueError already, but say what it is
        raise ValueError(f"not UTF-8: {error}") from None
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    try:
        again = canonical_json(value)
    except ValueError:  # NaN or infinity, which the parser takes but canonical form refuses
        raise ValueError("JSON holds a number that is not finite") from None
    if again != data:
        raise ValueError("JSON not in canonical form")
    return value
