"""SQLite persistence: the engine's command journal plus the engine's birth data.

Write-through: each committed command is one transaction appended before the HTTP
answer is sent. A restart builds a new engine from the same seed, genesis time and
config, then replays the journal (see journal.py), so orders, fills, balances,
positions, withdrawals and keys all come back exactly.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any


class Store:
    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        # WAL + NORMAL survives a killed process (only an OS crash could lose the tail)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS journal"
            " (seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, args TEXT NOT NULL, t REAL NOT NULL)"
        )

    def load_meta(self) -> dict[str, Any] | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'engine'").fetchone()
        return json.loads(row[0]) if row else None

    def save_meta(self, meta: dict[str, Any]) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('engine', ?)", (json.dumps(meta),))
            self._db.execute("COMMIT")

    def append(self, name: str, args: dict[str, Any], t: float) -> None:
        payload = json.dumps(args, default=list)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("INSERT INTO journal (name, args, t) VALUES (?, ?, ?)", (name, payload, t))
            self._db.execute("COMMIT")

    def entries(self) -> Iterator[tuple[str, dict[str, Any], float]]:
        rows = self._db.execute("SELECT name, args, t FROM journal ORDER BY seq").fetchall()
        for name, args, t in rows:
            yield name, json.loads(args), t

    def close(self) -> None:
        with self._lock:
            self._db.close()
