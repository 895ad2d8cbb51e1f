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
        # Neo4j settings (open_store passes them to a Neo4j store only); the short retry
        # budget makes a request answer 503 quickly while the server is away.
        self._options = {"user": app.config.get("NEO4J_USER"), "password": app.config.get("NEO4J_PASSWORD"),
                         "database": app.config.get("NEO4J_DATABASE"),
                         "max_retry_seconds": app.config.get("NEO4J_RETRY_SECONDS"),
                         "connect_timeout": app.config.get("NEO4J_CONNECT_TIMEOUT")}
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
