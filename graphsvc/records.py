"""Records the product keeps beside the graph: goals, introductions, accounts, the audit log.

Each record is a JSON-able dict under a kind and an id. Stores keep them durably (a
``record`` table in SQLite; ``:Record`` nodes with a label per kind in Neo4j) and can
write them in the same transaction as graph changes, so that, for example, an introduction
marked ``made`` and the ``KNOWS`` tie it adds are never half-written.

Every stored record carries a ``version``: 1 when first written, one more on each write
(the store sets it; a record stored before versions existed reads as 0). A change is
decided on the record as it was read, so the workflow services make each change a
compare-and-set: inside one transaction (``RecordStore.transact``) they read the record
again, refuse with :class:`graphsvc.model.Conflict` when its version is no longer the one
the change was decided on (:func:`expect_version`), and write. Transactions that read and
then write the same things take the same named write locks (:func:`lock_key`), so that the
second reads what the first wrote.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from graphsvc.model import Conflict

__all__ = ["RECORD_FIELDS", "BOOKKEEPING_KINDS", "Record", "RecordsOf", "new_id", "sortable_id", "now_iso",
           "check_filter", "lock_key", "expect_version"]

#: kind → the fields of its data that ``find_records`` may filter on (an allow-list: these
#: names reach queries, user input never does).
RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "Goal": ("owner", "status"),
    "Introduction": ("requester", "introducer", "target", "status", "goal_id"),
    "Account": ("email", "person_id", "token_hash"),
    "AuditEntry": ("actor", "action", "subject"),
    # the import journal (graphsvc/import_journal.py); "kind" would clash with the record's own
    "ImportRun": ("digest", "import_kind", "status"),
    # people erased on request (graphsvc/erasure.py): hashes only, so nothing to filter on
    "Erasure": (),
    # failed logins (graphsvc/login_throttle.py), by hashed pair, client address and account
    "LoginAttempt": ("pair", "client", "account"),
    # the e-mail outbox (graphsvc/notifications.py, graphsvc/mail_outbox.py): pending ones, by person
    "Notification": ("status", "recipient"),
}

#: Kinds that are bookkeeping, not part of the organisation: left out of a store's ``counts()``
#: (each import adds a journal entry and an audit entry, and a re-import must leave the counts
#: as they were; an erasure marker, a login attempt and an e-mail notification are no part of the
#: organisation either).
BOOKKEEPING_KINDS = frozenset({"ImportRun", "AuditEntry", "Erasure", "LoginAttempt", "Notification"})


@dataclass(frozen=True)
class Record:
    kind: str
    id: str
    #: ``None`` deletes the record
    data: dict[str, Any] | None

    def __post_init__(self):
        if self.kind not in RECORD_FIELDS:
            raise ValueError(f"unknown record kind {self.kind!r}")


#: what ``write_records`` takes: records, or a function of what the graph batch written with them
#: changed (``WriteSummary``) returning the records, for records that describe that very write
#: (an import journal entry with its counts)
RecordsOf = Iterable[Record] | Callable[[Any], Iterable[Record]]


def check_filter(kind: str, equals: dict[str, Any]) -> None:
    """Refuse filters on fields outside the kind's allow-list."""
    allowed = RECORD_FIELDS.get(kind)
    if allowed is None:
        raise ValueError(f"unknown record kind {kind!r}")
    bad = set(equals) - set(allowed)
    if bad:
        raise ValueError(f"{kind} records cannot be filtered on {sorted(bad)}; allowed: {list(allowed)}")


def lock_key(*parts: str) -> str:
    """The name of a write lock (``RecordStore.transact``): ``lock_key("Goal", goal_id)``.

    A record's own lock is its kind and id; a rule over several records takes the lock of
    what they share (``lock_key("introducer", person_id)`` for an introducer's monthly cap).
    """
    return ":".join(parts)


def expect_version(record: dict[str, Any], version: int | None, what: str, now: str = "") -> None:
    """Raise :class:`Conflict` unless ``record`` is still at ``version`` (``None``: any version).

    ``what`` names the record for the user ("introduction I-…"), ``now`` what it has become.
    """
    if version is not None and record.get("version", 0) != version:
        raise Conflict(what, now)


def new_id(prefix: str) -> str:
    """A short random id, sortable by nothing but unique enough: ``G-3f9a1c2b7d``."""
    return f"{prefix}-{secrets.token_hex(5)}"


_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def sortable_id(prefix: str, at: datetime | None = None) -> str:
    """A unique id whose text sorts by creation time: ``I-mk3j9zq8a1b-3f9a``.

    Stores return records sorted by id, so ids like these give "newest first" without a
    separate sort key and keep two records made in the same second in order. The time part
    is microseconds since the epoch in fixed-width base 36; the random suffix keeps two
    processes writing in the same microsecond apart.
    """
    at = at or datetime.now(timezone.utc)
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    micros = max(0, int(at.timestamp() * 1_000_000))
    digits = ""
    for _ in range(11):
        micros, rest = divmod(micros, 36)
        digits = _BASE36[rest] + digits
    return f"{prefix}-{digits}-{secrets.token_hex(2)}"


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
