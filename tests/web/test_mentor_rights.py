"""Mentor rights come from a running mentorship only (``graphsvc.mentors.is_current_mentorship``).

Ida (a mentor account) is made Eve's mentor in several states; only an active mentorship
that has started lets her see Eve's goal and ask for paths on Eve's behalf.
"""
from __future__ import annotations

import pytest

from graphsvc.model import Tie
from tests.helpers import build

#: what Ida may do for Eve: her goal (page and API), paths from Eve (page and API)
URLS = ("/goals/{eve_goal}", "/api/v1/goals/{eve_goal}", "/intro?from=eve&to=tom", "/api/v1/intro?from=eve&to=tom")


@pytest.mark.parametrize("props,status", [
    ({"status": "planned", "since": "2099-01-01"}, 403),
    ({"status": "active", "since": "2099-01-01"}, 403),
    ({"status": "paused", "since": "2024-01-01"}, 403),
    ({"status": "completed", "since": "2023-01-01", "until": "2024-01-01"}, 403),
    ({"status": "active", "since": "2024-01-01"}, 200),
])
def test_mentor_rights_need_an_active_mentorship_that_has_started(app, login, ids, props, status):
    build(app.extensions["intrograph.store"].get(), {}, [Tie("MENTORS", "ida", "eve", {**props, "program": "Next"})])
    ida = login("introducer")
    for url in URLS:
        response = ida.get(url.format(**ids))
        assert response.status_code == status, (url, response.get_data(as_text=True)[:300])
