"""Oversize and malformed input through the pages: uploads that fail leave no file behind,
bodies past their cap are answered 413, and every text field refuses more than its limit."""
from __future__ import annotations

import io
from pathlib import Path

from graphsvc import limits
from webui import admin
from webui.storage import get_store


def _uploads(app) -> list[Path]:
    folder = Path(app.config["WORK_DIR"]) / "uploads"
    return sorted(folder.rglob("*")) if folder.is_dir() else []


def _upload(admin_browser, name: str, data: bytes):
    return admin_browser.post("/admin/imports", {"kind": "orgchart", "file": (io.BytesIO(data), name)},
                              content_type="multipart/form-data")


def test_an_upload_of_json_nested_100000_deep_is_refused_and_removed(app, login):
    """It answered 500 (RecursionError) and the uploaded file stayed on disk."""
    admin_browser = login("admin")
    response = _upload(admin_browser, "deep.json", b"[" * 100_000)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "nested too deeply" in body and "at most 3 levels" in body and "deep.json" in body
    assert _uploads(app) == []


def test_an_upload_whose_import_fails_unexpectedly_is_removed_too(app, login, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(admin, "run_import", broken)
    admin_browser = login("admin")
    response = _upload(admin_browser, "chart.csv", b"Employee ID,Name\nE1,Ann\n")
    assert response.status_code == 500
    assert _uploads(app) == []


def test_an_upload_larger_than_uploads_take_is_answered_413_by_its_limit(app, login):
    admin_browser = login("admin")
    assert "at most 32 MB)" in admin_browser.get("/admin/imports").get_data(as_text=True)
    app.config["MAX_UPLOAD_LENGTH"] = 100_000
    response = _upload(admin_browser, "big.csv", b"Employee ID,Name\n" + b"E1,Ann\n" * 20_000)
    body = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "this takes at most 100,000 bytes" in body and "intrograph import" in body
    assert _uploads(app) == []
    # The upload's allowance is the upload's alone: every other form keeps MAX_CONTENT_LENGTH.
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    big_form = admin_browser.post("/admin/accounts", {"email": "x" * 2_000_000})
    assert big_form.status_code == 413


def test_too_long_texts_on_the_pages_are_refused_naming_the_field(app, login, ids):
    eve = login("mentee")
    form = {"statement": "S" * (limits.GOAL_STATEMENT + 1), "skills": "Go", "measure": "sessions",
            "target_value": "3", "due": "2099-01-01", "relevant": "R" * (limits.GOAL_REASON + 1)}
    eve.get("/goals/new")
    response = eve.post("/goals/new", form)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-statement">at most 500 characters, not 501' in body
    assert 'id="error-relevant">at most 2,000 characters, not 2,001' in body

    intro = ids["xss_intro"]  # Eve is its introducer
    eve.get(f"/introductions/{intro}")
    moved = eve.post(f"/introductions/{intro}/move", {"to": "declined", "note": "n" * (limits.TRANSITION_NOTE + 1)},
                     follow_redirects=True)
    assert "note: at most 2,000 characters, not 2,001" in moved.get_data(as_text=True)
    with app.app_context():
        assert get_store().get_record("Introduction", intro)["status"] == "requested"

    assert eve.get("/people?q=" + "a" * (limits.SEARCH_TEXT + 1)).status_code == 400
    assert eve.get("/api/v1/people?q=" + "a" * (limits.SEARCH_TEXT + 1)).json["error"]["message"] == \
        "q: at most 200 characters, not 201"
