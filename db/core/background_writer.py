"""Bulk inserts that SQLite writes in a second thread while Python prepares the next rows.

An import of 100 000 members writes some 800 000 rows (data and change log). Python spends about as long
preparing them as SQLite spends storing them, and on a machine with two cores the two could run side by side; but
the driver's ``executemany`` holds Python's lock between rows, so a second thread calling it runs no faster. Here
each batch goes to SQLite as *one* statement, ``INSERT … SELECT … FROM json_each(?)`` with the rows as one JSON
text: SQLite then inserts the whole batch in a single call during which the lock is free, and the main thread
builds the next batch meanwhile.

The writer owns the connection while it is open: the caller must not run anything else on it until
:meth:`BackgroundWriter.finish` (which waits for every batch and raises the first error) or
:meth:`BackgroundWriter.abandon`. Batches run in the order given, inside the caller's transaction.
"""

from __future__ import annotations

import json
import queue
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from db.core.sqlite_errors import explain_sqlite_error

# Batches waiting for the thread: enough to keep it busy, few enough to bound the memory of an import.
_WAITING = 8
_STOP = None
# How a batch runs: one JSON parameter, executemany, given parameters, no parameters.
_JSON, _MANY, _PARAMETERS, _ONCE = "json", "many", "parameters", "once"
_to_json = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
# How long the main thread may keep Python's lock while the writer waits for it (Python's default is 5 ms). The
# writer needs the lock for a moment before and after each statement; with the main thread busy checking rows, the
# default kept it waiting about a second and a half in an import of 100 000 members.
_SWITCH_INTERVAL = 0.001


def json_insert_sql(table: str, columns: Sequence[str], shared: Sequence[str] = ()) -> str:
    """The statement inserting rows given as a JSON array of arrays (values in ``columns`` order).

    ``shared`` columns take the same value in every row, bound as parameters before the JSON text.
    """
    values = [f"value ->> {index}" for index in range(len(columns))]
    values += [f"?{number}" for number in range(1, len(shared) + 1)]
    rows = f"json_each(?{len(shared) + 1})" if shared else "json_each(?)"
    return f"INSERT INTO {table} ({', '.join([*columns, *shared])}) SELECT {', '.join(values)} FROM {rows}"


class BackgroundWriter:
    """Runs insert batches on a DBAPI connection (sqlcipher3) in a thread of its own, in order."""

    def __init__(self, dbapi_connection: Any, path: Path) -> None:
        self._connection = dbapi_connection
        self._path = path
        self._batches: queue.Queue[tuple[str, Any, str] | None] = queue.Queue(maxsize=_WAITING)
        self._error: BaseException | None = None
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(_SWITCH_INTERVAL, self._switch_interval))
        self._thread = threading.Thread(target=self._run, name="kansli-bulk-writer", daemon=True)
        self._thread.start()

    def insert(self, json_sql: str, plain_sql: str, rows: list[tuple[Any, ...]], *, many: bool = False) -> None:
        """Queue rows (driver values in statement order) for ``json_sql``; ``plain_sql`` takes them one by one.

        Rows whose values JSON cannot carry exactly (bytes, NaN), and all rows when ``many`` is set, go through
        ``plain_sql`` and ``executemany`` (in the thread, in order, but without running alongside this one).
        """
        self._raise_if_failed()
        if many:
            self._batches.put((plain_sql, rows, _MANY))
            return
        try:
            payload: Any = _to_json(rows)
        except (TypeError, ValueError):
            self._batches.put((plain_sql, rows, _MANY))
        else:
            self._batches.put((json_sql, payload, _JSON))

    def insert_stamped(self, sql: str, rows: list[tuple[Any, ...]], shared: tuple[Any, ...]) -> bool:
        """Queue rows for a ``json_insert_sql`` with ``shared`` columns, their values bound once.

        Returns False, having queued nothing, when JSON cannot carry the rows exactly: the caller sends them otherwise.
        """
        self._raise_if_failed()
        try:
            payload = _to_json(rows)
        except (TypeError, ValueError):
            return False
        self._batches.put((sql, (*shared, payload), _PARAMETERS))
        return True

    def insert_payload(self, sql: str, payload: str, leading: tuple[Any, ...] = ()) -> None:
        """Queue a JSON text the caller made itself for ``sql``, bound after the ``leading`` parameters."""
        self._raise_if_failed()
        self._batches.put((sql, (*leading, payload), _PARAMETERS))

    def execute(self, sql: str) -> None:
        """Queue a statement without parameters (dropping or creating an index, say)."""
        self._raise_if_failed()
        self._batches.put((sql, None, _ONCE))

    def finish(self) -> None:
        """Wait until every batch is written; raise the first error one of them met (the rest were not run)."""
        self._batches.put(_STOP)
        self._thread.join()
        sys.setswitchinterval(self._switch_interval)
        self._raise_if_failed()

    def abandon(self) -> None:
        """Stop after the batch being written and forget the others (the caller rolls the transaction back)."""
        self._error = self._error or _AbandonedError()
        while True:
            try:
                self._batches.get_nowait()
            except queue.Empty:
                break
        self._batches.put(_STOP)
        self._thread.join()
        sys.setswitchinterval(self._switch_interval)

    def _raise_if_failed(self) -> None:
        error = self._error
        if error is None or isinstance(error, _AbandonedError):
            return
        explained = explain_sqlite_error(error, self._path)
        if explained is not None:
            raise explained from error
        raise error

    def _run(self) -> None:
        # Every error is handed to the main thread, which raises it; the loop goes on taking batches (and dropping
        # them) until told to stop, so that the main thread never waits on a full queue nobody empties.
        cursor = None
        try:
            cursor = self._connection.cursor()
        except BaseException as error:
            self._error = error
        while (batch := self._batches.get()) is not _STOP:
            if self._error is not None or cursor is None:
                continue
            try:
                _run_batch(cursor, *batch)
            except BaseException as error:
                self._error = error
        if cursor is not None:
            cursor.close()


def _run_batch(cursor: Any, sql: str, parameters: Any, mode: str) -> None:
    if mode == _JSON:
        cursor.execute(sql, (parameters,))
    elif mode == _MANY:
        cursor.executemany(sql, parameters)
    elif mode == _PARAMETERS:
        cursor.execute(sql, parameters)
    else:
        cursor.execute(sql)


class _AbandonedError(Exception):
    """The writer was stopped by its owner: not an error to report."""
