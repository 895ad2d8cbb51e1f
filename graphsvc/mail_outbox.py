"""Delivering the notification outbox by SMTP (the rules are in :mod:`graphsvc.notifications`).

:func:`send_due` is one run of the sender: it queues reminders for requests about to expire,
then delivers every pending notification that is due. The web app runs it in a background
thread when ``INTROGRAPH_SMTP_URL`` is set (:mod:`webui.mail_thread`); ``intrograph notify
send`` runs it once, for cron.

* A notification is claimed before it is sent (its ``next_try`` moved a lease ahead, a
  compare-and-set on its version), so that two senders (two web workers, or one and cron)
  do not both send it.
* A failed send is logged and counted (``attempts``, ``last_error``), and tried again after a
  growing delay (``next_try``): a notification is never dropped because the server was away.
* At sending time, a person who turned notifications off (on any account of theirs), or has
  no e-mail address, gets nothing: the notification is marked ``skipped`` with the reason.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

from graphsvc import introductions, notifications
from graphsvc.records import Record, lock_key
from graphsvc.store import GraphStore, TransactionReads

__all__ = ["smtp_sender", "send_due", "queue_expiring", "Sender", "LEASE", "DEFAULT_FROM"]

log = logging.getLogger(__name__)

#: Sends one message or raises.
Sender = Callable[[EmailMessage], None]
#: How long a claimed notification is left to its sender before another may try it.
LEASE = timedelta(minutes=5)
DEFAULT_FROM = "intrograph@localhost"


def smtp_sender(url: str, from_address: str = DEFAULT_FROM, timeout: float = 10) -> Sender:
    """A sender for ``smtp://[user:pass@]host[:port]`` (STARTTLS when a login is given) or
    ``smtps://[user:pass@]host[:port]`` (TLS from the start)."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError(f"INTROGRAPH_SMTP_URL must look like smtp://host:port or smtps://user:pass@host:port, "
                         f"not {url!r}")
    host, port = parts.hostname, parts.port or (465 if parts.scheme == "smtps" else 25)
    user, password = unquote(parts.username or ""), unquote(parts.password or "")

    def send(message: EmailMessage) -> None:
        if "From" not in message:
            message["From"] = from_address
        if parts.scheme == "smtps":
            client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
        with client:
            if user and parts.scheme == "smtp":
                client.starttls(context=ssl.create_default_context())
            if user:
                client.login(user, password)
            client.send_message(message)
    return send


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _parse(at: str) -> datetime:
    moment = datetime.fromisoformat(at)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def queue_expiring(store: GraphStore, now: datetime, within_days: int | None = None) -> int:
    """Queue a reminder for each open request about to expire (once per step); how many were queued."""
    days = introductions.expiry_days()
    within = notifications.expiring_days() if within_days is None else within_days
    intros = {i["id"]: i for s in introductions.OPEN_STATUSES for i in store.find_records("Introduction", status=s)}
    wanted = [r for r in notifications.expiring_soon(list(intros.values()), now, days, within)
              if store.get_record("Notification", r.id) is None]
    if not wanted:
        return 0

    def change(reads: TransactionReads) -> list[Record]:
        out = []
        for record in wanted:
            intro = reads.get_record("Introduction", record.data["intro_id"])
            seen = intros[record.data["intro_id"]]
            if intro is not None and intro["version"] == seen["version"] \
                    and reads.get_record("Notification", record.id) is None:
                out.append(record)
        return out
    done = store.transact(change, sorted({lock_key("Introduction", r.data["intro_id"]) for r in wanted}))
    return sum(done.data("Notification", r.id) is not None for r in wanted)


def _update(store: GraphStore, seen: dict[str, Any], **changes: Any) -> dict[str, Any] | None:
    """The notification with ``changes``, unless it changed since ``seen`` (then ``None``)."""
    def change(reads: TransactionReads) -> list[Record]:
        now = reads.get_record("Notification", seen["id"])
        if now is None or now["version"] != seen["version"]:
            return []
        return [Record("Notification", seen["id"], {**now, **changes})]
    return store.transact(change, [lock_key("Notification", seen["id"])]).data("Notification", seen["id"])


def _message(store: GraphStore, notification: dict[str, Any], base: str) -> EmailMessage | str:
    """The e-mail for a notification, or why none is sent."""
    person_id = notification["recipient"]
    accounts = store.find_records("Account", person_id=person_id)
    if not notifications.wants_mail(accounts):
        return "the recipient turned notifications off"
    intro = store.get_record("Introduction", notification["intro_id"])
    if intro is None:
        return "the introduction no longer exists"
    people = store.get_people([intro["requester"], intro["introducer"], intro["target"], person_id])
    address = (people.get(person_id) or {}).get("email") or next((a["email"] for a in accounts), None)
    if not address:
        return "the recipient has no e-mail address"
    subject, body = notifications.compose(notification, intro, people, base, introductions.expiry_days())
    message = EmailMessage()
    message["To"] = address
    message["Subject"] = subject
    message.set_content(body)
    return message


def send_due(store: GraphStore, send: Sender, base: str | None = None, now: datetime | None = None) -> dict[str, int]:
    """One run of the sender: queue expiring reminders, then deliver what is due.

    Returns counts: ``sent``, ``failed`` (still pending, to be retried), ``skipped``, ``queued``.
    """
    now = now or datetime.now(timezone.utc)
    base = base or notifications.base_url()
    counts = {"queued": queue_expiring(store, now), "sent": 0, "failed": 0, "skipped": 0}
    due = [n for n in store.find_records("Notification", status="pending") if _parse(n["next_try"]) <= now]
    for seen in due:
        claimed = _update(store, seen, next_try=_iso(now + LEASE))
        if claimed is None:
            continue  # another sender has it
        message = _message(store, claimed, base)
        if isinstance(message, str):
            _update(store, claimed, status="skipped", last_error=message)
            counts["skipped"] += 1
            continue
        try:
            send(message)
        except (OSError, smtplib.SMTPException) as exc:
            attempts = claimed["attempts"] + 1
            retry = now + notifications.retry_delay(attempts)
            log.warning("notification %s to %s failed (attempt %d), retrying at %s: %s",
                        claimed["id"], message["To"], attempts, _iso(retry), exc)
            _update(store, claimed, attempts=attempts, next_try=_iso(retry), last_error=str(exc) or type(exc).__name__)
            counts["failed"] += 1
            continue
        _update(store, claimed, status="sent", sent=_iso(now), attempts=claimed["attempts"] + 1, last_error="")
        log.info("notification %s (%s) sent to %s", claimed["id"], claimed["event"], message["To"])
        counts["sent"] += 1
    return counts
