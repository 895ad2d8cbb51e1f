"""Interaction signals in the web UI: calendar and mail uploads on the imports page (dry run,
then confirm), the evidence on a person's page, and one's own switch on the account page."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timedelta, timezone

from tests.helpers import Browser

#: Meetings and mail of the seeded organisation, dated within the imports' default window
#: (the last three years up to today).
_RECENT = datetime.now(timezone.utc).replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=30)


def _calendar() -> bytes:
    """Eve and Tom meet weekly (4 weeks); an all-hands of 13 is a broadcast."""
    start = _RECENT.strftime("%Y%m%dT%H%M%SZ")
    crowd = "".join(f"ATTENDEE:mailto:p{n}@example.com\r\n" for n in range(12))
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
            f"BEGIN:VEVENT\r\nUID:eve-tom@t\r\nDTSTART:{start}\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n"
            f"SUMMARY:SECRET-SUBJECT\r\nORGANIZER:mailto:eve@example.com\r\nATTENDEE:mailto:TOM@example.com\r\n"
            f"END:VEVENT\r\nBEGIN:VEVENT\r\nUID:all@t\r\nDTSTART:{start}\r\nORGANIZER:mailto:max@example.com\r\n"
            f"{crowd}END:VEVENT\r\nEND:VCALENDAR\r\n").encode()


def _message(sender: str, to: str, days: int, number: int) -> bytes:
    when = (_RECENT + timedelta(days=days)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    return (f"From: {sender}\nTo: {to}\nDate: {when}\nMessage-ID: <w{number}@t>\nSubject: SECRET-SUBJECT\n\n"
            f"SECRET-BODY\n").encode()


def _mail() -> list[bytes]:
    return [_message("ida@example.com", "tom@example.com", 0, 1), _message("tom@example.com", "ida@example.com", 1, 2),
            _message("ida@example.com", "tom@example.com", 2, 3)]


def _upload(admin: Browser, kind: str, name: str, data: bytes):
    return admin.post("/admin/imports", {"kind": kind, "file": (io.BytesIO(data), name)},
                      content_type="multipart/form-data")


def _confirm(admin: Browser, kind: str, dry_run) -> str:
    token = re.search(r'name="token" value="([^"]+)"', dry_run.get_data(as_text=True)).group(1)
    assert admin.post("/admin/imports/confirm", {"token": token, "kind": kind, "owner": ""}).status_code == 302
    return admin.get("/admin/imports").get_data(as_text=True)


def test_admin_uploads_a_calendar_sees_the_report_then_imports_it(app):
    admin = Browser(app).login("admin")
    admin.get("/admin/imports")
    dry = _upload(admin, "calendar", "eve.ics", _calendar())
    body = dry.get_data(as_text=True)
    assert dry.status_code == 200 and "Dry run of eve.ics (calendar)" in body
    assert "skipped: 1 broadcast (more than 12 people)" in body
    assert "4 interactions between 1 pair; 4 new" in body
    assert "1 would be created" in body
    assert "Imported eve.ics: 0 nodes created" in _confirm(admin, "calendar", dry)
    page = admin.get("/people/tom").get_data(as_text=True)
    assert "4 meetings, the last on" in page and "SECRET-SUBJECT" not in page


def test_admin_uploads_an_mbox_and_a_zip_of_eml_files(app):
    admin = Browser(app).login("admin")
    admin.get("/admin/imports")
    dry = _upload(admin, "email", "ida.mbox", b"".join(b"From x@y Thu Jan  1 00:00:00 2025\n" + m + b"\n"
                                                       for m in _mail()))
    assert "3 interactions between 1 pair; 3 new" in dry.get_data(as_text=True)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for number, message in enumerate(_mail()):
            archive.writestr(f"mail/{number}.eml", message)
    dry = _upload(admin, "email", "ida.zip", packed.getvalue())
    assert "3 interactions between 1 pair; 3 new" in dry.get_data(as_text=True)
    _confirm(admin, "email", dry)
    assert "e-mailed both ways 3 times since" in admin.get("/people/ida").get_data(as_text=True)


def test_a_person_turns_their_signals_off_on_the_account_page(app):
    admin = Browser(app).login("admin")
    admin.get("/admin/imports")
    _confirm(admin, "calendar", _upload(admin, "calendar", "eve.ics", _calendar()))
    eve = Browser(app).login("mentee")
    page = eve.get("/account").get_data(as_text=True)
    assert "Interaction signals" in page and "Turn off and delete mine" in page
    done = eve.post("/account/interactions", {"share": "off"}, follow_redirects=True)
    body = done.get_data(as_text=True)
    assert "1 interaction tie of yours was deleted" in body and "Turn on" in body
    assert "meetings, the last on" not in eve.get("/people/tom").get_data(as_text=True)
    audit = admin.get("/admin/audit").get_data(as_text=True)
    assert "interactions.opt_out" in audit
    # without the form's token nothing changes
    assert eve.client.post("/account/interactions", data={"share": "on"}).status_code == 400
    assert "Turn on" in eve.get("/account").get_data(as_text=True)
