"""The audit log: who changed what, and when.

An entry is not written on its own: :func:`event` builds an ``AuditEntry`` record that the
caller writes in the transaction of the change it describes (``store.transact`` or
``store.write_records``; imports and ``analyze`` with their last batch), so a change and its
entry are committed together or not at all.

Entry data: ``{action, actor, subject, at, details}``. ``actor`` is the person_id or e-mail
of whoever acted, or :data:`SYSTEM` when no one did (the CLI without a named user, the
expiry sweep); ``subject`` is the id of what changed (a goal, an introduction, an account).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from graphsvc.records import Record, sortable_id
from graphsvc.store import GraphStore

__all__ = ["SYSTEM", "event", "recent"]

#: The actor of changes no person made.
SYSTEM = "system"


def event(action: str, actor: str | None, subject: str, at: datetime | None = None, **details: Any) -> Record:
    """An audit entry to write alongside the change it records.

    Its id sorts by time (:func:`graphsvc.records.sortable_id`), so the log reads newest
    first by id alone. ``details`` must be JSON-able; they are kept under ``details`` so
    that no detail can overwrite the entry's own fields.
    """
    at = at or datetime.now(timezone.utc)
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return Record("AuditEntry", sortable_id("A", at), {
        "action": action,
        "actor": actor or SYSTEM,
        "subject": subject,
        "at": at.astimezone(timezone.utc).isoformat(timespec="seconds"),
        "details": details,
    })


def recent(store: GraphStore, limit: int = 100, actor: str | None = None,
           action: str | None = None) -> list[dict[str, Any]]:
    """The latest ``limit`` entries, newest first, optionally of one actor and/or action."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    equals = {k: v for k, v in (("actor", actor), ("action", action)) if v is not None}
    entries = store.find_records("AuditEntry", **equals)
    return entries[::-1][:limit]
