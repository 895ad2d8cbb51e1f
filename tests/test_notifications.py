"""E-mail notifications: who is told what (pure rules), and the outbox delivered to a real SMTP
server on loopback (aiosmtpd), on both stores: recipients, subject, link, opting out, retries."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from graphsvc import accounts, notifications
from graphsvc.introductions import request_intro, transition
from graphsvc.mail_outbox import send_due, smtp_sender
from graphsvc.model import ImportBatch, Tie
from tests.smtp_server import SmtpServer

NOW = datetime.now(timezone.utc).replace(microsecond=0)
BASE = "https://intrograph.example.org"
PEOPLE = {
    "R": {"name": "Rae Requester", "email": "rae@example.com"},
    "I": {"name": "Ivo Introducer", "email": "ivo@example.com"},
    "T": {"name": "Tia\nBcc: evil@example.com Target", "email": "tia@example.com"},
}


@pytest.fixture
def net(store):
    batch = ImportBatch(people={pid: dict(p) for pid, p in PEOPLE.items()})
    batch.add_tie(Tie("WORKED_WITH", "R", "I", {"kind": "team"}))
    batch.add_tie(Tie("WORKED_WITH", "I", "T", {"kind": "project"}))
    store.upsert(batch)
    return store


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


def pending(store):
    return store.find_records("Notification", status="pending")


# ------------------------------------------------------------------ pure rules

def intro(status, **more):
    return {"id": "I-1", "requester": "R", "introducer": "I", "target": "T", "status": status,
            "updated": NOW.isoformat(), **more}


@pytest.mark.parametrize("before, after, actor, expected", [
    (None, "requested", "R", [("I", "introducer_asked")]),
    (None, "introducer_accepted", "I", [("T", "target_asked")]),  # an introduction the introducer starts
    ("requested", "introducer_accepted", "I", [("T", "target_asked")]),
    ("target_accepted", "made", "I", [("R", "made"), ("T", "made")]),
    ("target_accepted", "made", "R", [("T", "made")]),
    ("introducer_accepted", "target_accepted", "T", []),
    ("requested", "declined", "I", []),
    ("made", "met", "T", []),
])
def test_who_is_told_of_each_step(before, after, actor, expected):
    records = notifications.for_change(before and intro(before), intro(after), actor, NOW)
    assert [(r.data["recipient"], r.data["event"]) for r in records] == expected
    assert all(r.kind == "Notification" and r.data["status"] == "pending" and r.data["attempts"] == 0
               for r in records)


def test_reminders_go_to_whoever_must_act_within_the_last_days():
    days = 14
    due_soon = NOW - timedelta(days=days - 1)
    intros = [intro("requested", id="I-a", updated=due_soon.isoformat()),
              intro("target_accepted", id="I-b", updated=due_soon.isoformat()),
              intro("introducer_accepted", id="I-c", updated=NOW.isoformat()),  # 14 days left
              intro("requested", id="I-d", updated=(NOW - timedelta(days=days)).isoformat())]  # already expired
    got = {(r.data["intro_id"], r.data["recipient"]) for r in notifications.expiring_soon(intros, NOW, days, 2)}
    assert got == {("I-a", "I"), ("I-b", "I"), ("I-b", "R")}


def test_retries_wait_longer_each_time_up_to_an_hour():
    delays = [notifications.retry_delay(n).total_seconds() for n in (1, 2, 3, 10, 100)]
    assert delays == [60, 120, 240, 3600, 3600]


def test_the_subject_stays_one_line_whatever_the_names():
    subject, body = notifications.compose({"event": "made"}, intro("made"), PEOPLE, BASE, 14)
    assert "\n" not in subject and "Tia Bcc: evil@example.com Target" in subject
    assert f"{BASE}/introductions/I-1" in body


# ------------------------------------------------------------------ the outbox, on both stores

def test_each_step_is_mailed_to_the_person_it_needs(net, smtp):
    send = smtp_sender(smtp.url)
    made = request_intro(net, "R", "I", "T", message="Keen to learn Search", now=NOW)
    assert [n["recipient"] for n in pending(net)] == ["I"]  # queued with the request itself
    assert send_due(net, send, BASE, NOW)["sent"] == 1
    (asked,) = smtp.inbox.messages
    assert asked.recipients == ["ivo@example.com"]
    assert asked.subject == "Rae Requester asks you to introduce them to Tia Bcc: evil@example.com Target"
    assert f"{BASE}/introductions/{made['id']}" in asked.body
    assert "Keen to learn Search" in asked.body
    assert asked.message["Bcc"] is None

    transition(net, made["id"], "introducer_accepted", "I", now=NOW + timedelta(minutes=1))
    transition(net, made["id"], "target_accepted", "T", now=NOW + timedelta(minutes=2))
    transition(net, made["id"], "made", "I", now=NOW + timedelta(minutes=3))
    assert send_due(net, send, BASE, NOW + timedelta(minutes=4))["sent"] == 3
    assert smtp.inbox.messages[1].recipients == ["tia@example.com"]
    assert sorted(m.recipients for m in smtp.inbox.messages[2:]) == [["rae@example.com"], ["tia@example.com"]]
    assert "would like to introduce Rae Requester to you" in smtp.inbox.messages[1].subject
    assert all(m.subject.startswith("Introduction made") for m in smtp.inbox.messages[2:])
    assert pending(net) == []
    assert {n["status"] for n in net.find_records("Notification")} == {"sent"}
    assert send_due(net, send, BASE, NOW + timedelta(minutes=5))["sent"] == 0  # nothing twice


def test_no_mail_to_someone_who_turned_notifications_off(net, smtp):
    accounts.add_user(net, "ivo@example.com", "password-1", ["mentor"])
    accounts.set_notifications(net, "ivo@example.com", False)
    request_intro(net, "R", "I", "T", now=NOW)
    counts = send_due(net, smtp_sender(smtp.url), BASE, NOW)
    assert counts["sent"] == 0 and counts["skipped"] == 1
    assert smtp.inbox.messages == []
    (skipped,) = net.find_records("Notification")
    assert skipped["status"] == "skipped" and "turned notifications off" in skipped["last_error"]
    accounts.set_notifications(net, "ivo@example.com", True)  # on again: the next request is mailed
    request_intro(net, "T", "I", "R", now=NOW)
    assert send_due(net, smtp_sender(smtp.url), BASE, NOW)["sent"] == 1
    assert [m.recipients for m in smtp.inbox.messages] == [["ivo@example.com"]]


def test_a_failed_send_stays_pending_and_is_delivered_when_the_server_is_up(net, caplog):
    server = SmtpServer()  # not started: the port refuses connections
    send = smtp_sender(server.url, timeout=2)
    request_intro(net, "R", "I", "T", now=NOW)
    assert send_due(net, send, BASE, NOW)["failed"] == 1
    (waiting,) = pending(net)
    assert waiting["attempts"] == 1 and waiting["last_error"]
    assert datetime.fromisoformat(waiting["next_try"]) == NOW + timedelta(minutes=1)
    assert "failed (attempt 1)" in caplog.text
    server.start()
    try:
        assert send_due(net, send, BASE, NOW + timedelta(seconds=30))["sent"] == 0  # not yet due
        assert send_due(net, send, BASE, NOW + timedelta(minutes=1))["sent"] == 1
        assert [m.recipients for m in server.inbox.messages] == [["ivo@example.com"]]
        (sent,) = net.find_records("Notification")
        assert sent["status"] == "sent" and sent["attempts"] == 2
    finally:
        server.stop()


def test_a_request_about_to_expire_is_reminded_once(net, smtp, monkeypatch):
    monkeypatch.setenv("INTROGRAPH_INTRO_EXPIRY_DAYS", "14")
    made = request_intro(net, "R", "I", "T", now=NOW - timedelta(days=13))
    send = smtp_sender(smtp.url)
    send_due(net, send, BASE, NOW - timedelta(days=13))  # the request itself
    counts = send_due(net, send, BASE, NOW)
    assert counts["queued"] == 1 and counts["sent"] == 1
    reminder = smtp.inbox.messages[-1]
    assert reminder.recipients == ["ivo@example.com"]
    assert reminder.subject.startswith("An introduction waits for you")
    assert f"{BASE}/introductions/{made['id']}" in reminder.body
    assert send_due(net, send, BASE, NOW + timedelta(hours=1))["queued"] == 0
    assert len(smtp.inbox.messages) == 2


# ------------------------------------------------------------------ the command for cron

def test_notify_send_delivers_the_outbox_from_the_command_line(embedded_store, smtp, monkeypatch, capsys):
    from graphsvc import cli
    batch = ImportBatch(people={pid: dict(p) for pid, p in PEOPLE.items()})
    embedded_store.upsert(batch)
    request_intro(embedded_store, "R", "I", "T")
    monkeypatch.delenv("INTROGRAPH_SMTP_URL", raising=False)
    uri = embedded_store.uri
    assert cli.main(["notify", "send", "--store", uri]) == 1
    assert "set INTROGRAPH_SMTP_URL" in capsys.readouterr().err
    assert pending(embedded_store)  # nothing was lost for lack of a server

    monkeypatch.setenv("INTROGRAPH_SMTP_URL", smtp.url)
    assert cli.main(["notify", "send", "--store", uri, "--base-url", BASE]) == 0
    assert "1 sent, 0 failed" in capsys.readouterr().out
    assert [m.recipients for m in smtp.inbox.messages] == [["ivo@example.com"]]
    assert pending(embedded_store) == []


def test_smtp_urls_are_checked():
    with pytest.raises(ValueError, match="smtp://host:port"):
        smtp_sender("http://mail.example.org")


def test_erasing_a_person_deletes_the_notifications_addressed_to_them(net, smtp):
    from graphsvc import erasure
    request_intro(net, "R", "I", "T", now=NOW)
    assert [n["recipient"] for n in pending(net)] == ["I"]
    erasure.erase(net, "I")
    assert net.find_records("Notification", recipient="I") == []
    assert send_due(net, smtp_sender(smtp.url), BASE, NOW)["sent"] == 0 and smtp.inbox.messages == []
