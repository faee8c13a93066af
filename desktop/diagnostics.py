"""Logging and crash reports that never carry personal data.

Exception messages may quote data (SQLAlchemy puts the statement's parameters in its messages, a validation error
quotes the value typed), so what is written to the log is the exception's *type* and the code locations of the
traceback — enough to find the bug, nothing about the member.
"""

from __future__ import annotations

import logging
import logging.handlers
import traceback
from pathlib import Path
from types import TracebackType

from db.core.paths import log_dir

LOG_FILENAME = "kansli.log"


def configure_logging(folder: Path | None = None, level: int = logging.INFO) -> Path:
    """Send log records to a rotating file in the platform's log folder; return its path."""
    folder = folder or log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILENAME
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "kansli_log", False)]:
        root.removeHandler(old)
        old.close()
    handler.kansli_log = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return path


def safe_traceback(
    exc_type: type[BaseException], exc_value: BaseException | None, exc_traceback: TracebackType | None
) -> str:
    """Format a traceback with code locations and the exception's type only, never its message."""
    frames = traceback.extract_tb(exc_traceback)
    lines = [f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}' for frame in frames]
    cause = exc_value.__cause__ or exc_value.__context__ if exc_value is not None else None
    tail = f"{exc_type.__module__}.{exc_type.__qualname__}"
    if cause is not None:
        tail += f" (from {type(cause).__module__}.{type(cause).__qualname__})"
    return "Traceback (most recent call last):\n" + "\n".join(lines) + "\n" + tail
