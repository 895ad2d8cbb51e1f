"""Who is told what about an introduction, by e-mail: pure rules, no I/O.

Notifications are an outbox. The workflow (:mod:`graphsvc.introductions`) adds the
``Notification`` records :func:`for_change` gives to the records of the change itself, in the
same transaction, so a step is never taken without its notification being queued, and a
notification never exists for a step that was rolled back. A sender
(:mod:`graphsvc.mail_outbox`) delivers them later, outside any request: a slow or absent mail
server never holds up a page.

A notification goes to the person whose turn it is:

* ``introducer_asked``: a new request, to its introducer;
* ``target_asked``: the introducer agreed, so the target is asked for consent;
* ``made``: the introduction is made, to the requester and the target (not to whichever of
  them made it);
* ``expiring``: an open request within :data:`EXPIRING_DAYS` of expiring, to whoever must
  act next, once per step (:func:`expiring_soon`).
"""
from __future__ import annotations

import os
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from graphsvc.records import Record, sortable_id

__all__ = ["EVENTS", "EXPIRING_DAYS", "for_change", "expiring_soon", "expiring_id", "waiting_on", "compose", "retry_delay",
           "wants_mail", "base_url", "expiring_days"]

EVENTS = ("introducer_asked", "target_asked", "made", "expiring")
#: How many days before an open request expires its waiting parties are reminded.
EXPIRING_DAYS = 2
#: Retry delays grow from the first to the cap, doubling at each failed attempt.
FIRST_RETRY_SECONDS = 60
MAX_RETRY_SECONDS = 3600


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _notification(notification_id: str, recipient: str, event: str, intro_id: str, now: datetime) -> Record:
    at = _iso(now)
    return Record("Notification", notification_id, {
        "id": notification_id, "status": "pending", "recipient": recipient, "event": event, "intro_id": intro_id,
        "created": at, "attempts": 0, "next_try": at, "last_error": "", "sent": None})


def for_change(before: dict[str, Any] | None, after: dict[str, Any], actor: str | None,
               now: datetime) -> list[Record]:
    """The notifications a move from ``before`` (``None``: a new introduction) to ``after`` queues."""
    if before is not None and before["status"] == after["status"]:
        return []
    status = after["status"]
    if status == "requested":
        recipients, event = [after["introducer"]], "introducer_asked"
    elif status == "introducer_accepted":
        recipients, event = [after["target"]], "target_asked"
    elif status == "made":
        recipients, event = [p for p in (after["requester"], after["target"]) if p != actor], "made"
    else:
        return []
    return [_notification(sortable_id("N", now), person, event, after["id"], now) for person in recipients]


def waiting_on(intro: dict[str, Any]) -> list[str]:
    """Whose move an open introduction waits for."""
    return {"requested": [intro["introducer"]], "introducer_accepted": [intro["target"]],
            "target_accepted": [intro["introducer"], intro["requester"]]}.get(intro["status"], [])


def expiring_id(intro: dict[str, Any], person: str) -> str:
    """One reminder per introduction, step and person: the id says which, so it is written once."""
    return f"N-expiring-{intro['id']}-{intro['status']}-{person}"


def expiring_soon(intros: list[dict[str, Any]], now: datetime, expiry_days: int,
                  within_days: int = EXPIRING_DAYS) -> list[Record]:
    """Reminders for open introductions that expire within ``within_days`` (and have not yet).

    The caller drops those whose id (:func:`expiring_id`) is already stored.
    """
    out = []
    for intro in intros:
        updated = datetime.fromisoformat(intro["updated"])
        updated = updated if updated.tzinfo else updated.replace(tzinfo=timezone.utc)
        expires = updated + timedelta(days=expiry_days)
        if now < expires <= now + timedelta(days=within_days):
            out += [_notification(expiring_id(intro, p), p, "expiring", intro["id"], now) for p in waiting_on(intro)]
    return out


def _name(people: dict[str, dict[str, Any]], person_id: str) -> str:
    # one line, so that no name can add a header
    return re.sub(r"\s+", " ", str((people.get(person_id) or {}).get("name") or person_id)).strip()


def compose(notification: dict[str, Any], intro: dict[str, Any], people: dict[str, dict[str, Any]],
            base: str, expiry_days: int) -> tuple[str, str]:
    """The subject and plain-text body of a notification; the body links to the introduction."""
    requester, introducer, target = (_name(people, intro[r]) for r in ("requester", "introducer", "target"))
    event, link = notification["event"], f"{base.rstrip('/')}/introductions/{intro['id']}"
    if event == "introducer_asked":
        subject = f"{requester} asks you to introduce them to {target}"
        lines = [f"{requester} would like you to introduce them to {target}."]
        if intro.get("message"):
            lines += ["", "Their message:", intro["message"]]
        lines += ["", "Accept or decline the request here:"]
    elif event == "target_asked":
        subject = f"{introducer} would like to introduce {requester} to you"
        lines = [f"{introducer} has agreed to introduce {requester} to you, if you agree.",
                 "Nothing about you is shared with them before you accept.", "", "Accept or decline here:"]
    elif event == "made":
        subject = f"Introduction made: {requester} and {target}"
        lines = [f"{requester} and {target} have been introduced (through {introducer}).",
                 "Contact details and the next steps are here:"]
    else:
        expires = datetime.fromisoformat(intro["updated"]) + timedelta(days=expiry_days)
        subject = f"An introduction waits for you: {requester} to {target}"
        lines = [f"The introduction of {requester} to {target} (through {introducer}) expires on "
                 f"{expires.date().isoformat()} unless someone moves it on. It waits for you:"]
    return subject, "\n".join([*lines, link, "",
                               "You can turn these e-mails off on your account page: "
                               f"{base.rstrip('/')}/account", ""])


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: 1 min, 2, 4, … up to an hour."""
    return timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS))


def wants_mail(accounts: list[dict[str, Any]]) -> bool:
    """Does the person with these accounts take notifications? Yes unless one of them said no."""
    return all(a.get("notifications", True) for a in accounts)


def base_url(environ=os.environ) -> str:
    """Where links in e-mails point: ``INTROGRAPH_BASE_URL``, default the local web UI."""
    return (environ.get("INTROGRAPH_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")


def expiring_days(environ=os.environ) -> int:
    """``INTROGRAPH_NOTIFY_EXPIRING_DAYS``, else :data:`EXPIRING_DAYS`."""
    text = (environ.get("INTROGRAPH_NOTIFY_EXPIRING_DAYS") or "").strip()
    try:
        return int(text) if text else EXPIRING_DAYS
    except ValueError:
        raise ValueError(f"INTROGRAPH_NOTIFY_EXPIRING_DAYS must be a whole number of days, not {text!r}") from None
