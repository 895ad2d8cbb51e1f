"""The store behind the web UI: one per process, opened on first use, closed at exit.

Opening is lazy so that importing or creating the app never touches a database (and a
Neo4j that is down at start-up only makes requests answer 503 until it is back). When the
first opening fails with :class:`StoreUnavailable`, the next request tries again.
"""
from __future__ import annotations

import atexit
import threading

from flask import Flask, current_app

from graphsvc.store import GraphStore, open_store

__all__ = ["StoreHandle", "get_store"]


class StoreHandle:
    def __init__(self, app: Flask):
        self._uri = app.config["STORE_URI"]
        self._options = {k: app.config.get(f"NEO4J_{k.upper()}") for k in ("user", "password", "database")}
        self._store: GraphStore | None = None
        self._lock = threading.Lock()
        atexit.register(self.close)

    def get(self) -> GraphStore:
        with self._lock:
            if self._store is None:
                self._store = open_store(self._uri, **{k: v for k, v in self._options.items() if v})
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def get_store() -> GraphStore:
    """The current app's store."""
    return current_app.extensions["intrograph.store"].get()
