"""Rerunning analytics from the web: a background thread whose progress any worker can show.

The run takes seconds to minutes, so the request that starts it returns at once and the
page polls. Its state is a small JSON file in ``WORK_DIR`` (replaced atomically), not
process memory: under gunicorn the next request may reach another worker. The run also
takes the network's health, so that the admin dashboard can summarise it without reading
the whole graph on every visit.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from flask import current_app

from graphsvc.analytics import run_analysis
from graphsvc.health import network_health
from graphsvc.store import GraphStore

__all__ = ["read_job", "is_running", "start_analytics"]

log = logging.getLogger(__name__)

#: A run that has not reported for this long is taken to have died with its worker.
STALE_RUN_SECONDS = 600


def _job_file() -> Path:
    return Path(current_app.config["WORK_DIR"]) / "analytics.json"


def read_job() -> dict[str, Any]:
    """The last run's state (``never`` before the first), as whichever worker wrote it."""
    try:
        return json.loads(_job_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"state": "never"}


def is_running(job: dict[str, Any]) -> bool:
    return job.get("state") == "running" and time.time() - job.get("updated", 0) < STALE_RUN_SECONDS


def _write_job(path: Path, state: dict[str, Any]) -> None:
    """Replace the state file atomically, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps({**state, "updated": time.time()}), encoding="utf-8")
    tmp.replace(path)


def _health_summary(store: GraphStore) -> dict[str, Any]:
    health = network_health(store)
    return {"isolated": len(health["isolated"]), "mentees_without_mentor": len(health["mentees_without_mentor"]),
            "unlinked_departments": len(health["unlinked_departments"]), "active_people": health["active_people"]}


def _run(store: GraphStore, path: Path, actor: str) -> None:
    started = time.time()
    try:
        result = run_analysis(store, progress=lambda message: _write_job(
            path, {"state": "running", "stage": message, "started": started}), actor=actor)
        _write_job(path, {"state": "running", "stage": "network health", "started": started})
        health = _health_summary(store)
    except Exception as exc:  # shown on the page: a worker thread must not fail silently
        log.exception("analytics run failed")
        _write_job(path, {"state": "failed", "message": str(exc), "started": started})
        return
    _write_job(path, {"state": "done", "started": started, "finished": time.time(), "result": result,
                      "health": health})


def start_analytics(store: GraphStore, actor: str) -> None:
    path = _job_file()
    _write_job(path, {"state": "running", "stage": "starting", "started": time.time()})
    threading.Thread(target=_run, args=(store, path, actor), daemon=True, name="intrograph-analytics").start()
