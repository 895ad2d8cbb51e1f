"""Settings of the web UI, read from the environment when an app is created.

Tests and ``intrograph demo`` pass their own values to :func:`webui.create_app`, which win.
"""
from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta
from typing import Any

from graphsvc.store import data_dir, default_store_uri

__all__ = ["from_env", "ensure_secret_key"]

log = logging.getLogger(__name__)


def from_env(environ: os._Environ | dict = os.environ) -> dict[str, Any]:
    """The app's configuration from ``INTROGRAPH_*`` and ``NEO4J_*`` variables."""
    return {
        "SECRET_KEY": environ.get("INTROGRAPH_SECRET_KEY"),
        "STORE_URI": environ.get("INTROGRAPH_STORE") or default_store_uri(),
        "NEO4J_USER": environ.get("NEO4J_USER"),
        "NEO4J_PASSWORD": environ.get("NEO4J_PASSWORD"),
        "NEO4J_DATABASE": environ.get("NEO4J_DATABASE"),
        "NEO4J_RETRY_SECONDS": float(environ.get("INTROGRAPH_NEO4J_RETRY_SECONDS") or 2),
        "NEO4J_CONNECT_TIMEOUT": float(environ.get("INTROGRAPH_NEO4J_CONNECT_TIMEOUT") or 5),
        # Uploaded files wait here between the dry run and the confirmation, and analytics
        # runs report progress here, so that every worker process sees the same state.
        "WORK_DIR": environ.get("INTROGRAPH_WEB_DIR") or str(data_dir() / "web"),
        "SESSION_COOKIE_SECURE": environ.get("INTROGRAPH_SECURE_COOKIES", "1") != "0",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        # Every request body, JSON or form, is capped at MAX_CONTENT_LENGTH; the import upload
        # alone takes up to MAX_UPLOAD_LENGTH (see webui.request_body).
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "MAX_UPLOAD_LENGTH": int(environ.get("INTROGRAPH_MAX_UPLOAD_MB") or 32) * 1024 * 1024,
        # Failed logins (graphsvc.login_throttle): after this many for one account from one
        # address, each further attempt must wait (first 1 s), twice as long as the one before (capped);
        # failures are forgotten after the window; past a ceiling of failures from one address
        # (across accounts) or for one account (across addresses) only one failure is free.
        "LOGIN_FREE_FAILURES": 3,
        "LOGIN_FIRST_DELAY": 1,
        "LOGIN_MAX_DELAY": 300,
        "LOGIN_WINDOW": 3600,
        "LOGIN_CLIENT_CEILING": 30,
        "LOGIN_ACCOUNT_CEILING": 30,
        # The proxies whose X-Forwarded-For hop is believed (webui.proxies): addresses or
        # networks, separated by commas or spaces. None: the connecting address is the client.
        "TRUSTED_PROXIES": environ.get("INTROGRAPH_TRUSTED_PROXIES", ""),
        # E-mail notifications (graphsvc.mail_outbox, webui.mail_thread): off without an SMTP URL;
        # the sender thread delivers the outbox every NOTIFY_INTERVAL seconds; links point at BASE_URL.
        "SMTP_URL": environ.get("INTROGRAPH_SMTP_URL") or None,
        "MAIL_FROM": environ.get("INTROGRAPH_MAIL_FROM"),
        "BASE_URL": environ.get("INTROGRAPH_BASE_URL") or "http://127.0.0.1:8000",
        "NOTIFY_INTERVAL": float(environ.get("INTROGRAPH_NOTIFY_INTERVAL") or 30),
    }


def ensure_secret_key(config: dict[str, Any]) -> None:
    """A random key when none was given: sessions then end with this process.

    Fine for a laptop; several workers need one shared key (``intrograph serve`` makes one
    and hands it to all of them).
    """
    if not config.get("SECRET_KEY"):
        log.warning("INTROGRAPH_SECRET_KEY is not set: using a random key, sessions end at restart")
        config["SECRET_KEY"] = secrets.token_hex(32)
