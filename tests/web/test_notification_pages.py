"""E-mail notifications through the web app: its sender thread delivers to a real SMTP server on
loopback (aiosmtpd); a page never waits for the mail server; the account page turns them off.

The e-mail the target receives is saved as ``notification-email.txt`` beside the browser
suite's screenshots (``$INTROGRAPH_ARTIFACTS``, default ``tests/artifacts/``).
"""
from __future__ import annotations

import os
import shutil
import time

import pytest

from graphsvc import notifications
from tests.helpers import ROOT, Browser
from tests.smtp_server import SmtpServer
from webui import create_app, mail_thread

ARTIFACTS = os.environ.get("INTROGRAPH_ARTIFACTS") or str(ROOT / "tests" / "artifacts")
BASE = "https://intrograph.example.org"


@pytest.fixture
def smtp():
    server = SmtpServer()  # each test starts it when it wants the server up
    yield server
    server.stop()


@pytest.fixture
def mail_app(seeded_db, tmp_path, smtp, monkeypatch):
    """A fresh app whose sender thread runs every 0.1 s, retrying at once, against ``smtp``."""
    monkeypatch.setattr(notifications, "FIRST_RETRY_SECONDS", 0)
    shutil.copy(seeded_db[0], tmp_path / "intrograph.db")
    app = create_app({"STORE_URI": f"sqlite:///{tmp_path / 'intrograph.db'}", "SECRET_KEY": "test-secret",
                      "WORK_DIR": str(tmp_path / "web"), "TESTING": True, "SESSION_COOKIE_SECURE": False,
                      "SMTP_URL": smtp.url, "BASE_URL": BASE, "NOTIFY_INTERVAL": 0.1})
    yield app
    mail_thread.stop(app)
    app.extensions["intrograph.store"].close()


def wait_for(condition, what: str, seconds: float = 30):
    """Poll until ``condition()`` is true (the sender works on its own clock)."""
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)
    return found


def notes_for(app, person_id):
    return app.extensions["intrograph.store"].get().find_records("Notification", recipient=person_id)


def test_no_sender_runs_without_an_smtp_url(app):
    assert "intrograph.mail_thread" not in app.extensions


def test_pages_answer_while_the_mail_server_is_down_and_mail_follows_when_it_is_up(mail_app, smtp):
    eve = Browser(mail_app).login("mentee")
    sent = eve.post("/introductions/new", {"introducer": "ida", "target": "tom", "message": "About Product"})
    assert sent.status_code == 302  # answered, with no mail server anywhere
    page = sent.headers["Location"]
    failing = wait_for(lambda: [n for n in notes_for(mail_app, "ida") if n["attempts"] >= 1],
                       "a failed attempt to mail the introducer")
    assert failing[0]["status"] == "pending" and failing[0]["last_error"]

    smtp.start()
    wait_for(lambda: smtp.inbox.to("ida@example.com"), "the introducer's e-mail")
    (asked,) = smtp.inbox.to("ida@example.com")
    assert asked.subject == "Eve Mentee asks you to introduce them to Tom Target"
    assert f"{BASE}{page}" in asked.body
    # the server has the message a moment before the sender marks it sent
    (note,) = wait_for(lambda: [n for n in notes_for(mail_app, "ida") if n["status"] == "sent"],
                       "the introducer's notification marked sent")
    assert note["attempts"] >= 2

    ida = Browser(mail_app).login("introducer")
    assert ida.post(f"{page}/move", {"to": "introducer_accepted"}).status_code == 302
    (received,) = wait_for(lambda: smtp.inbox.to("tom@example.com"), "the target's e-mail")
    assert received.subject == "Ida Introducer would like to introduce Eve Mentee to you"
    assert f"{BASE}{page}" in received.body
    os.makedirs(ARTIFACTS, exist_ok=True)
    with open(os.path.join(ARTIFACTS, "notification-email.txt"), "w", encoding="utf-8") as out:
        out.write(f"Received by the test SMTP server (aiosmtpd on {smtp.url}) for {', '.join(received.recipients)}; "
                  "headers as received, body decoded from quoted-printable\n\n")
        out.writelines(f"{name}: {str(value).strip()}\n" for name, value in received.message.items())
        out.write(f"\n{received.body}")


def test_the_account_page_turns_notifications_off(mail_app, smtp):
    smtp.start()
    ida = Browser(mail_app).login("introducer")
    assert "id=\"notifications\">On:" in ida.get("/account").get_data(as_text=True)
    assert ida.post("/account/notifications", {"notify": "off"}).status_code == 302
    assert "id=\"notifications\">Off:" in ida.get("/account").get_data(as_text=True)

    eve = Browser(mail_app).login("mentee")
    assert eve.post("/introductions/new", {"introducer": "ida", "target": "tom"}).status_code == 302
    (skipped,) = wait_for(lambda: [n for n in notes_for(mail_app, "ida") if n["status"] != "pending"],
                          "the sender to reach the introducer's notification")
    assert skipped["status"] == "skipped"
    assert smtp.inbox.to("ida@example.com") == []
    assert smtp.inbox.messages  # the sender did run: the seed's request reached its introducer
