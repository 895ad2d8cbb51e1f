"""Introductions with double opt-in: the workflow of DESIGN.md, step by step.

    requested ──introducer──▶ introducer_accepted ──target──▶ target_accepted
        │                          │                                │ introducer or requester
        ▼ introducer               ▼ target                         ▼
     declined                   declined                          made ──requester or target──▶ met
                                                                    └──────requester──────┬───────┘
                                                                                          ▼
                                                                              closed (outcome note)

* The target consents before anything about them is shared (:func:`visible_contact`).
* The requester may withdraw a request that is still open (an addition to DESIGN.md's
  list: a careful user expects to be able to take a request back).
* An open request expires when nobody has moved it for ``INTROGRAPH_INTRO_EXPIRY_DAYS``
  (default 14) days: the clock restarts at each step, so every party gets the whole window
  for their own step. :func:`expire_stale` sweeps everything (for a scheduled job); reading
  introductions (:func:`get_intro`, :func:`inbox`, :func:`list_intros`) expires the stale
  ones it reads, and a transition on a stale request expires it and is refused, so nobody
  sees or moves a request after its time is up even when no sweep has run.
* An introducer takes at most ``max_intros_per_month`` new requests (their person property,
  default 4, see ``graphsvc.model.PERSON_DEFAULTS``) in any 30 days, so the tool cannot flood
  the well-connected.
* ``made`` writes, in one transaction, the introduction, a ``KNOWS {source: introduction}``
  tie between requester and target (so the graph learns from its own use; an existing one
  from an earlier introduction is kept with its date), the linked goal's progress (see
  :mod:`graphsvc.goals` for when introductions count) and the audit entries.

The rules (who may move a request where, staleness, visibility) are pure functions of the
introduction's dict; the functions taking a ``store`` apply them inside one transaction
(``RecordStore.transact``) to the records as stored at that moment, and write there:

* A move is a compare-and-set on the introduction's ``version``: the one the caller saw
  (a web form carries it), else the one this call reads first. Of two concurrent moves
  (an accept and a withdrawal, say) one wins and the other raises
  :class:`graphsvc.model.Conflict`, "changed meanwhile".
* A request counts the introducer's recent requests and looks for a duplicate under the
  introducer's lock, so that concurrent requests cannot pass the monthly cap or ask twice.
* ``made`` counts toward the goal as stored under the goal's lock, so two introductions made
  at once both count.
"""
from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from typing import Any

from graphsvc import audit, goals, limits, notifications
from graphsvc.mentors import require_mentor_of
from graphsvc.model import PERSON_DEFAULTS, Conflict, ImportBatch, PersonNotFound, Tie
from graphsvc.records import Record, expect_version, lock_key, sortable_id
from graphsvc.store import GraphStore, RecordReads, TransactionReads, passable

__all__ = [
    "STATUSES", "OPEN_STATUSES", "FINAL_STATUSES", "TRANSITIONS", "DEFAULT_EXPIRY_DAYS", "INTRODUCER_WINDOW_DAYS",
    "TransitionError", "RequestRefused", "IntroNotFound",
    "roles_of", "allowed_moves", "check_transition", "is_stale", "visible_contact", "target_informed",
    "expiry_days",
    "request_intro", "introduce_by_mentor", "transition", "get_intro", "list_intros", "inbox", "expire_stale",
    "open_requests_by_introducer",
]

STATUSES = ("requested", "introducer_accepted", "target_accepted", "made", "met", "closed",
            "declined", "expired", "withdrawn")
OPEN_STATUSES = ("requested", "introducer_accepted", "target_accepted")
FINAL_STATUSES = ("closed", "declined", "expired", "withdrawn")
ROLES = ("requester", "introducer", "target")

#: (from, to) → the parties who may make that move.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("requested", "introducer_accepted"): frozenset({"introducer"}),
    ("requested", "declined"): frozenset({"introducer"}),
    ("introducer_accepted", "target_accepted"): frozenset({"target"}),
    ("introducer_accepted", "declined"): frozenset({"target"}),
    ("target_accepted", "made"): frozenset({"introducer", "requester"}),
    ("made", "met"): frozenset({"requester", "target"}),
    ("made", "closed"): frozenset({"requester"}),
    ("met", "closed"): frozenset({"requester"}),
    **{(s, "withdrawn"): frozenset({"requester"}) for s in OPEN_STATUSES},
}

DEFAULT_EXPIRY_DAYS = 14
#: The window over which an introducer's ``max_intros_per_month`` is counted.
INTRODUCER_WINDOW_DAYS = 30


class TransitionError(ValueError):
    """A move this introduction may not make, or not by this person; the message says why."""


class RequestRefused(TransitionError):
    """A new request that cannot be made (same person twice, inactive people, duplicates…)."""


class IntroNotFound(LookupError):
    def __init__(self, intro_id: str):
        super().__init__(f"no introduction with id {intro_id!r}")
        self.intro_id = intro_id


# ------------------------------------------------------------------ pure rules

def roles_of(intro: dict[str, Any], person_id: str | None) -> set[str]:
    return {role for role in ROLES if person_id is not None and intro.get(role) == person_id}


def allowed_moves(intro: dict[str, Any], person_id: str | None, as_admin: bool = False) -> list[str]:
    """The statuses this person may move the introduction to now, in workflow order."""
    mine = roles_of(intro, person_id)
    return [to for (frm, to), who in TRANSITIONS.items()
            if frm == intro["status"] and (as_admin or who & mine)]


def _role_names(roles) -> str:
    names = sorted(roles, key=ROLES.index)
    return " or ".join(f"the {r}" for r in names)


def check_transition(intro: dict[str, Any], to_status: str, actor_id: str | None, note: str = "",
                     as_admin: bool = False) -> None:
    """Raise :class:`TransitionError` unless ``actor_id`` may move ``intro`` to ``to_status``.

    An admin skips the who-check, never the status check.
    """
    frm = intro["status"]
    if to_status not in STATUSES:
        raise TransitionError(f"unknown status {to_status!r}; one of {', '.join(STATUSES)}")
    if to_status == "expired":
        raise TransitionError("requests expire by themselves after a time without progress; "
                              "withdraw or decline it instead")
    who = TRANSITIONS.get((frm, to_status))
    if who is None:
        nexts = [to for (f, to) in TRANSITIONS if f == frm]
        where = f"it can go to {', '.join(nexts)}" if nexts else "it is final"
        raise TransitionError(f"introduction {intro['id']} is {frm}: it cannot become {to_status} ({where})")
    if not as_admin:
        mine = roles_of(intro, actor_id)
        if not mine:
            raise TransitionError(f"{actor_id} is not part of introduction {intro['id']}")
        if not who & mine:
            raise TransitionError(f"only {_role_names(who)} may make introduction {intro['id']} {to_status}; "
                                  f"{actor_id} is {_role_names(mine)}")
    if to_status == "closed" and not (note or "").strip():
        raise TransitionError("closing an introduction needs an outcome note: what came of it?")
    if problem := limits.too_long(note, limits.TRANSITION_NOTE):
        raise TransitionError(f"note: {problem}")


def _parse(at: str) -> datetime:
    moment = datetime.fromisoformat(at)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def is_stale(intro: dict[str, Any], now: datetime, days: int) -> bool:
    """Has this open request gone ``days`` days without a step?"""
    return intro["status"] in OPEN_STATUSES and now - _parse(intro["updated"]) >= timedelta(days=days)


def visible_contact(intro: dict[str, Any], viewer_id: str | None) -> bool:
    """May ``viewer_id`` see the target's contact details?

    Only once the target has accepted (double opt-in: the consent stays given even if the
    request later expires), and only for the three people involved.
    """
    consented = any(h["status"] == "target_accepted" for h in intro.get("history", ()))
    return consented and bool(roles_of(intro, viewer_id))


def target_informed(intro: dict[str, Any]) -> bool:
    """Has the target been asked yet? Not before the introducer agreed to make the introduction."""
    return any(h["status"] == "introducer_accepted" for h in intro.get("history", ()))


def expiry_days(days: int | None = None) -> int:
    """``days``, else ``INTROGRAPH_INTRO_EXPIRY_DAYS``, else 14."""
    if days is None:
        text = os.environ.get("INTROGRAPH_INTRO_EXPIRY_DAYS", "").strip()
        if not text:
            return DEFAULT_EXPIRY_DAYS
        try:
            days = int(text)
        except ValueError:
            raise ValueError(f"INTROGRAPH_INTRO_EXPIRY_DAYS must be a whole number of days, not {text!r}") from None
    if days < 1:
        raise ValueError(f"introductions must be given at least 1 day before they expire, not {days}")
    return days


def _advanced(intro: dict[str, Any], to_status: str, by: str, at: str, note: str, as_admin: bool) -> dict[str, Any]:
    step = {"status": to_status, "by": by, "at": at, "note": note}
    if as_admin:
        step["as_admin"] = True
    out = {**intro, "status": to_status, "updated": at, "history": [*intro["history"], step]}
    if to_status == "closed":
        out["outcome"] = note
    return out


# ------------------------------------------------------------------ store edges

def _now(now: datetime | None) -> datetime:
    now = now or datetime.now(timezone.utc)
    return now if now.tzinfo else now.replace(tzinfo=timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _open_intros(reads: RecordReads, **equals: Any) -> list[dict[str, Any]]:
    return [i for s in OPEN_STATUSES for i in reads.find_records("Introduction", status=s, **equals)]


def _load(reads: RecordReads, intro_id: str) -> dict[str, Any]:
    intro = reads.get_record("Introduction", intro_id)
    if intro is None:
        raise IntroNotFound(intro_id)
    return intro


def _settled(store: GraphStore, intros: list[dict[str, Any]], now: datetime | None) -> list[dict[str, Any]]:
    """The introductions as they stand at ``now``: stale open ones are expired (and written) first."""
    now, days = _now(now), expiry_days()
    stale = [i for i in intros if is_stale(i, now, days)]
    if not stale:
        return intros
    expired = {i["id"]: i for i in _expire(store, stale, now)}
    return [expired.get(i["id"], i) for i in intros]


def get_intro(store: GraphStore, intro_id: str, now: datetime | None = None) -> dict[str, Any]:
    return _settled(store, [_load(store, intro_id)], now)[0]


def request_intro(store: GraphStore, requester_ref: str, introducer_ref: str, target_ref: str, message: str = "",
                  goal_id: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Ask ``introducer`` to introduce ``requester`` to ``target``; :class:`RequestRefused` if it cannot be."""
    return _create(store, requester_ref, introducer_ref, target_ref, message, goal_id, _now(now), by_mentor=False)


def introduce_by_mentor(store: GraphStore, mentor_ref: str, mentee_ref: str, target_ref: str,
                        goal_id: str | None = None, message: str = "", now: datetime | None = None,
                        today: date | None = None) -> dict[str, Any]:
    """The mentor offers to introduce their mentee to a colleague of theirs: an introduction with
    the mentor as introducer, already accepted by them, so that it waits on the target's consent
    (the double opt-in is kept: nothing about the target is shared before they say yes).

    Only for a current mentee (:class:`graphsvc.mentors.NotTheirMentor` otherwise); refused,
    like a request, for duplicates, a target who has left or is not open to introductions,
    and a mentor past their monthly number of introductions.
    """
    now = _now(now)
    mentor, mentee = store.resolve(mentor_ref), store.resolve(mentee_ref)
    require_mentor_of(store, mentor, mentee, today or now.date())
    return _create(store, mentee, mentor, target_ref, message, goal_id, now, by_mentor=True)


def _create(store: GraphStore, requester_ref: str, introducer_ref: str, target_ref: str, message: str,
            goal_id: str | None, now: datetime, by_mentor: bool) -> dict[str, Any]:
    """A new introduction in one transaction, with its audit entries and its goal's link.

    A request starts ``requested`` by the requester; an introduction a mentor offers starts
    ``introducer_accepted``, both steps by the mentor (``by_mentor``).
    """
    requester, introducer, target = (store.resolve(r) for r in (requester_ref, introducer_ref, target_ref))
    if len({requester, introducer, target}) < 3:
        raise RequestRefused("the requester, the introducer and the target must be three different people")
    people = store.get_people([requester, introducer, target])
    names = {p: people[p].get("name") or p for p in people}
    if people[requester].get("active") is False:
        raise RequestRefused(f"{names[requester]} has left and cannot request introductions")
    if not passable(people[introducer]):
        why = "has left" if people[introducer].get("active") is False else "does not take introduction requests"
        raise RequestRefused(f"{names[introducer]} {why}; choose another introducer")
    if people[target].get("active") is False:
        raise RequestRefused(f"{names[target]} has left the organisation")
    if by_mentor and not passable(people[target]):  # they asked not to be offered introductions
        raise RequestRefused(f"{names[target]} is not open to introductions")
    message = (message or "").strip()
    if len(message) > limits.INTRO_MESSAGE:
        raise RequestRefused(f"the message is {len(message)} characters long; keep it under {limits.INTRO_MESSAGE}")

    limit = people[introducer].get("max_intros_per_month", PERSON_DEFAULTS["max_intros_per_month"])
    at = _iso(now)
    steps = [{"status": "requested", "by": introducer if by_mentor else requester, "at": at, "note": ""}]
    if by_mentor:
        steps.append({"status": "introducer_accepted", "by": introducer, "at": at, "note": "offered by the mentor"})
    intro = {"id": sortable_id("I", now), "requester": requester, "introducer": introducer, "target": target,
             "goal_id": goal_id, "message": message, "status": steps[-1]["status"], "created": at, "updated": at,
             "outcome": "", "history": steps}

    def change(reads: TransactionReads) -> list[Record]:
        for other in _open_intros(reads, introducer=introducer, target=target):
            if other["requester"] == requester:
                asked = (f"{names[requester]} already has an open introduction to {names[target]} through "
                         f"{names[introducer]}") if by_mentor else \
                    f"you already asked {names[introducer]} to introduce you to {names[target]}"
                raise RequestRefused(f"{asked} (introduction {other['id']}, {other['status']})")
        since = now - timedelta(days=INTRODUCER_WINDOW_DAYS)
        recent = [i for i in reads.find_records("Introduction", introducer=introducer)
                  if _parse(i["created"]) > since]
        if limit is not None and len(recent) >= limit:
            raise RequestRefused(f"{names[introducer]} has had {len(recent)} introduction requests in the last "
                                 f"{INTRODUCER_WINDOW_DAYS} days (their limit is {limit}); choose another "
                                 "introducer or path")
        records = [Record("Introduction", intro["id"], intro),
                   audit.event("intro.request", steps[0]["by"], intro["id"], now, introducer=introducer,
                               target=target, goal_id=goal_id, **({"requester": requester} if by_mentor else {}))]
        if by_mentor:
            records.append(audit.event("intro.introducer_accepted", introducer, intro["id"], now,
                                       before="requested", note=steps[1]["note"], as_admin=False))
        records += notifications.for_change(None, intro, steps[-1]["by"], now)
        if goal_id is not None:
            goal = reads.get_record("Goal", goal_id)
            if goal is None or goal["owner"] != requester:
                raise RequestRefused(f"{names[requester]} has no goal with id {goal_id!r}")
            if goal["status"] == "dropped":
                raise RequestRefused(f"goal {goal_id} was dropped; reopen it to link introductions to it")
            records.append(Record("Goal", goal_id, goals.with_introduction(goal, intro["id"])))
        return records
    # Every duplicate has the same introducer, so the introducer's lock guards both checks.
    locks = [lock_key("introducer", introducer)] + ([lock_key("Goal", goal_id)] if goal_id is not None else [])
    return store.transact(change, locks).data("Introduction", intro["id"])


def _introduction_tie(store: GraphStore, a: str, b: str, today: date) -> ImportBatch | None:
    """The ``KNOWS`` tie a made introduction adds, or ``None`` when one already links the two."""
    tie = Tie("KNOWS", a, b, {"source": "introduction", "since": today.isoformat()}).canonical()
    if any(t.disc == tie.disc for t in store.ties_between("KNOWS", [(tie.source, tie.target)])):
        return None
    batch = ImportBatch(source="introduction")
    batch.add_tie(tie)
    return batch


def _actor_id(store: GraphStore, actor_ref: str, as_admin: bool) -> str:
    """The acting person's id; an admin without a person record acts under the ref given."""
    try:
        return store.resolve(actor_ref)
    except PersonNotFound:
        if as_admin and actor_ref:
            return actor_ref
        raise


def transition(store: GraphStore, intro_id: str, to_status: str, actor_ref: str, note: str = "",
               now: datetime | None = None, as_admin: bool = False, days: int | None = None,
               version: int | None = None) -> dict[str, Any]:
    """Move an introduction one step; :class:`TransitionError` says why a move is refused.

    ``version`` is the version of the introduction the move was decided on (by default the
    one read here first); :class:`graphsvc.model.Conflict` when it changed meanwhile.
    """
    now = _now(now)
    seen = _load(store, intro_id)
    expected = seen["version"] if version is None else version
    actor = _actor_id(store, actor_ref, as_admin)
    note = (note or "").strip()
    if is_stale(seen, now, expiry_days(days)):
        if _expire(store, [seen], now)[0]["status"] != "expired":
            raise Conflict(f"introduction {intro_id}")
        raise TransitionError(f"introduction {intro_id} has expired: nobody moved it for "
                              f"{expiry_days(days)} days; ask again if it is still wanted")
    at = _iso(now)
    batch = _introduction_tie(store, seen["requester"], seen["target"], now.date()) if to_status == "made" else None

    def change(reads: TransactionReads) -> list[Record]:
        intro = _load(reads, intro_id)
        expect_version(intro, expected, f"introduction {intro_id}", intro["status"].replace("_", " "))
        check_transition(intro, to_status, actor, note, as_admin)
        updated = _advanced(intro, to_status, actor, at, note, as_admin)
        records = [Record("Introduction", intro_id, updated),
                   audit.event(f"intro.{to_status}", actor, intro_id, now, before=intro["status"], note=note,
                               as_admin=as_admin)]
        records += notifications.for_change(intro, updated, actor, now)
        goal = reads.get_record("Goal", intro["goal_id"]) if to_status == "made" and intro.get("goal_id") else None
        if goal is not None:
            counted = goals.with_made_introduction(goal, intro_id, actor, at)
            if counted != goal:
                records += [Record("Goal", goal["id"], counted),
                            audit.event("goal.progress", actor, goal["id"], now, value=counted["current_value"],
                                        status=counted["status"], introduction=intro_id)]
        return records
    locks = [lock_key("Introduction", intro_id)]
    if to_status == "made" and seen.get("goal_id"):  # an introduction's goal never changes
        locks.append(lock_key("Goal", seen["goal_id"]))
    if batch is not None:  # two introductions of one pair made at once write one tie
        locks.append(lock_key("KNOWS", *sorted((seen["requester"], seen["target"]))))
    return store.transact(change, locks, batch).data("Introduction", intro_id)


def _expire(store: GraphStore, intros: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Expire these stale requests, each unless it changed since it was read (then someone
    moved it meanwhile, and it is theirs); returns them as expired, or as read."""
    if not intros:
        return []
    at = _iso(now)

    def change(reads: TransactionReads) -> list[Record]:
        records = []
        for seen in intros:
            intro = reads.get_record("Introduction", seen["id"])
            if intro is None or intro["version"] != seen["version"]:
                continue
            records += [Record("Introduction", intro["id"], _advanced(intro, "expired", audit.SYSTEM, at, "", False)),
                        audit.event("intro.expired", audit.SYSTEM, intro["id"], now, before=intro["status"])]
        return records
    done = store.transact(change, [lock_key("Introduction", i["id"]) for i in intros])
    return [done.data("Introduction", i["id"]) or i for i in intros]


def expire_stale(store: GraphStore, now: datetime | None = None, days: int | None = None) -> list[str]:
    """Expire every open request nobody has moved for ``days`` days; the ids expired, oldest first."""
    now = _now(now)
    days = expiry_days(days)
    stale = sorted((i for i in _open_intros(store) if is_stale(i, now, days)), key=lambda i: i["id"])
    return [i["id"] for i in _expire(store, stale, now) if i["status"] == "expired"]


def list_intros(store: GraphStore, status: str | None = None, now: datetime | None = None) -> list[dict[str, Any]]:
    """Every introduction (of one status), newest first — for admins; sweeps stale requests first."""
    if status is not None and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
    expire_stale(store, now)
    return store.find_records("Introduction", **({"status": status} if status else {}))[::-1]


def inbox(store: GraphStore, person_ref: str, now: datetime | None = None) -> dict[str, list[dict[str, Any]]]:
    """A person's introductions by their part in them, newest first.

    ``received`` holds only requests the target has been asked about: a request the
    introducer has not accepted (or declined) is not the target's business.
    """
    person = store.resolve(person_ref)
    boxes = {box: _settled(store, store.find_records("Introduction", **{role: person}), now)[::-1]
             for box, role in (("sent", "requester"), ("to_introduce", "introducer"), ("received", "target"))}
    boxes["received"] = [i for i in boxes["received"] if target_informed(i)]
    return boxes


def open_requests_by_introducer(store: GraphStore, now: datetime | None = None) -> dict[str, int]:
    """person_id → how many open requests wait on or pass through them as introducer.

    Stale requests are left out without being written (ranking calls this on every query).
    """
    now, days = _now(now), expiry_days()
    counts: dict[str, int] = {}
    for intro in _open_intros(store):
        if is_stale(intro, now, days):
            continue
        counts[intro["introducer"]] = counts.get(intro["introducer"], 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
