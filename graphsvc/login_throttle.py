"""Failed logins, kept in the store so that every worker process counts the same ones.

The policy (README "Logging in") is built so that an attacker can slow themselves down but
cannot deny a real user:

* **Per account and client address together** (a *pair*): after ``free`` failures, each
  further attempt of that pair waits ``first_delay * 2 ** (failures - free)`` seconds since
  the pair's last failure, at most ``max_delay``. This is checked before the password, so it is what
  stops guessing; and since it is the pair that waits, failures from the attacker's address
  never hold the real user's login from another address.
* **Ceilings that only slow**: when a client address has had ``client_ceiling`` failures
  within the window (across accounts: password spraying, or many people behind one proxy), or
  an account ``account_ceiling`` (across addresses: one account attacked from many), the
  pairs involved get only ``hot_free`` free failures before they wait. A pair without a
  failure is never held: a correct password always gets in unless its own pair is waiting.
* Failures older than ``window`` seconds are forgotten; a success forgets its pair's.

Every attempt is recorded first (an insert, which never conflicts with another) and only then
counted, so that of concurrent attempts of one pair each sees those recorded before it: a
burst of guesses gets no more tries than one at a time would. An attempt that has to wait is
removed again (it was not tried); a failed one stays as the failure; a success removes its
pair's. Keys are hashed: the store never holds the e-mails people mistyped, nor addresses.
"""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from graphsvc.records import Record, sortable_id
from graphsvc.store import GraphStore

__all__ = ["KIND", "ThrottlePolicy", "AttemptKeys", "Attempt", "keys_of", "wait_for", "begin", "failed",
           "succeeded", "sweep"]

#: The record kind of one login attempt (``graphsvc.records.RECORD_FIELDS``).
KIND = "LoginAttempt"
#: About one failure in this many also sweeps out every forgotten attempt, so that pairs
#: nobody retries do not pile up.
SWEEP_ONE_IN = 100


@dataclass(frozen=True)
class ThrottlePolicy:
    free: int = 3
    first_delay: float = 1
    max_delay: float = 300
    window: float = 3600
    client_ceiling: int = 30
    account_ceiling: int = 30
    hot_free: int = 1


@dataclass(frozen=True)
class AttemptKeys:
    """Hashed keys of an attempt: its pair (account and client), its client, its account."""

    pair: str
    client: str
    account: str


@dataclass(frozen=True)
class Attempt:
    id: str
    keys: AttemptKeys
    #: seconds to wait before this pair may try again; 0: go ahead and check the password
    wait: float


def _hash(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def keys_of(email: str, client: str) -> AttemptKeys:
    email = (email or "").strip().lower()
    return AttemptKeys(pair=_hash("pair", email, client), client=_hash("client", client),
                       account=_hash("account", email))


def wait_for(failures: list[float], now: float, policy: ThrottlePolicy, hot: bool = False) -> float:
    """Seconds before a pair with failures at these times may try again (0: now).

    ``hot``: its client or its account is over a ceiling, so fewer failures are free.

    >>> wait_for([0.0, 1.0, 2.0], 2.5, ThrottlePolicy(free=3))   # third failure: wait 1 s from it
    0.5
    >>> wait_for([0.0], 0.5, ThrottlePolicy(), hot=True)
    0.5
    """
    recent = [t for t in failures if now - t < policy.window]
    free = policy.hot_free if hot else policy.free
    if len(recent) < free:
        return 0.0
    delay = min(policy.max_delay, policy.first_delay * 2.0 ** (len(recent) - free))
    return max(0.0, delay - (now - max(recent)))


def _others(store: GraphStore, attempt_id: str, now: float, policy: ThrottlePolicy, **key: str) -> list[float]:
    """When the other recent attempts with this key were made."""
    return [r["at"] for r in store.find_records(KIND, **key)
            if r["id"] != attempt_id and now - r["at"] < policy.window]


def begin(store: GraphStore, email: str, client: str, policy: ThrottlePolicy, now: float | None = None) -> Attempt:
    """Record an attempt to log in as ``email`` from ``client``, and say whether it may go on.

    When :attr:`Attempt.wait` is above 0 the password must not be checked; otherwise the
    caller reports the outcome with :func:`failed` or :func:`succeeded`.
    """
    now = time.time() if now is None else now
    keys = keys_of(email, client)
    attempt_id = sortable_id("L", datetime.fromtimestamp(now, timezone.utc))
    store.write_records([Record(KIND, attempt_id, {"pair": keys.pair, "client": keys.client,
                                                   "account": keys.account, "at": now})])
    earlier = _others(store, attempt_id, now, policy, pair=keys.pair)
    # Ceilings matter only to a pair that already failed, so a first try reads nothing more.
    hot = bool(earlier) and (len(_others(store, attempt_id, now, policy, client=keys.client)) >= policy.client_ceiling
                             or len(_others(store, attempt_id, now, policy, account=keys.account))
                             >= policy.account_ceiling)
    wait = wait_for(earlier, now, policy, hot)
    if wait > 0:
        store.write_records([Record(KIND, attempt_id, None)])
    return Attempt(attempt_id, keys, wait)


def failed(store: GraphStore, attempt: Attempt, policy: ThrottlePolicy, now: float | None = None) -> None:
    """The password was wrong: the attempt stays, as a failure; the pair's forgotten ones go."""
    now = time.time() if now is None else now
    stale = [r["id"] for r in store.find_records(KIND, pair=attempt.keys.pair) if now - r["at"] >= policy.window]
    if stale:
        store.write_records([Record(KIND, i, None) for i in stale])
    if secrets.randbelow(SWEEP_ONE_IN) == 0:
        sweep(store, policy, now)


def succeeded(store: GraphStore, attempt: Attempt) -> None:
    """The password was right: the pair starts afresh."""
    store.write_records([Record(KIND, r["id"], None) for r in store.find_records(KIND, pair=attempt.keys.pair)])


def sweep(store: GraphStore, policy: ThrottlePolicy, now: float | None = None) -> int:
    """Remove every attempt older than the window; returns how many went."""
    now = time.time() if now is None else now
    stale = [r["id"] for r in store.find_records(KIND) if now - r["at"] >= policy.window]
    if stale:
        store.write_records([Record(KIND, i, None) for i in stale])
    return len(stale)
