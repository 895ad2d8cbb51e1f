"""The admins' personal-data page and API: export, erase (confirmed), lift an erasure."""
from __future__ import annotations

import json

from tests.helpers import SCRIPT


def test_admin_sees_and_downloads_everything_about_a_person(login):
    admin = login("admin")
    page = admin.get("/admin/personal-data?person=xss@example.com")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and SCRIPT not in body and "&lt;script&gt;" in body
    assert "password_hash" not in body and "/admin/personal-data/xss.json" in body
    download = admin.get("/admin/personal-data/xss.json")
    assert download.headers["Content-Disposition"] == "attachment; filename=personal-data-xss.json"
    data = json.loads(download.get_data(as_text=True))
    assert data["person"]["name"] == SCRIPT and data["accounts"][0]["email"] == "xss@example.com"
    api = admin.get("/api/v1/people/xss/export")
    assert api.status_code == 200 and {k for k in api.json if k != "exported_at"} == {
        k for k in data if k != "exported_at"}
    assert admin.get("/api/v1/openapi.json").json["paths"]["/people/{person_id}/export"]["get"]
    assert admin.get("/admin/personal-data?person=nobody").status_code == 404


def test_erase_needs_the_id_typed_and_leaves_pages_working(login, ids):
    admin = login("admin")
    admin.get("/admin/personal-data?person=xss")
    admin.post("/admin/personal-data/xss/erase", {"confirm": "wrong"})
    assert admin.get("/api/v1/people/xss").status_code == 200
    response = admin.post("/admin/personal-data/xss/erase", {"confirm": "xss"})
    assert response.status_code == 302
    assert admin.get("/api/v1/people/xss").status_code == 404
    assert "was erased on" in admin.get("/admin/personal-data?person=xss", follow_redirects=True).get_data(as_text=True)

    detail = admin.get(f"/introductions/{ids['xss_intro']}")
    assert detail.status_code == 200 and "[erased]" in detail.get_data(as_text=True)
    assert login("mentee").get("/introductions").status_code == 200
    audit = admin.get("/admin/audit").get_data(as_text=True)
    assert "person.erase" in audit and "xss@example.com" not in audit

    admin.get("/admin/personal-data")
    admin.post("/admin/personal-data/unerase", {"person": "xss@example.com"})
    assert "person.unerase" in admin.get("/admin/audit").get_data(as_text=True)
