"""The web app's notification sender: a background thread that delivers the e-mail outbox.

Started by :func:`webui.create_app` only when ``SMTP_URL`` (``INTROGRAPH_SMTP_URL``) is set.
Pages only write ``Notification`` records with their change; this thread sends them every
``NOTIFY_INTERVAL`` seconds (:func:`graphsvc.mail_outbox.send_due`), so no page waits for the
mail server. Under several workers each runs one; the outbox's claims keep them from sending
a message twice. A run that fails (the store away, say) is logged and the next one tries again.
"""
from __future__ import annotations

import logging
import threading

from flask import Flask

from graphsvc.mail_outbox import DEFAULT_FROM, send_due, smtp_sender

__all__ = ["start", "stop"]

log = logging.getLogger(__name__)
_KEY = "intrograph.mail_thread"


def start(app: Flask) -> threading.Thread | None:
    """Start the sender for this app, if it has an SMTP URL; the thread, else ``None``."""
    if not app.config.get("SMTP_URL"):
        return None
    send = smtp_sender(app.config["SMTP_URL"], app.config.get("MAIL_FROM") or DEFAULT_FROM)
    handle, base = app.extensions["intrograph.store"], app.config.get("BASE_URL")
    stopping = threading.Event()

    def run() -> None:
        while not stopping.is_set():
            try:
                counts = send_due(handle.get(), send, base)
                if any(counts.values()):
                    log.info("notification run: %s", counts)
            except Exception:  # noqa: BLE001 - the thread must outlive any one failed run
                log.exception("notification run failed; trying again in %s s", app.config["NOTIFY_INTERVAL"])
            stopping.wait(app.config["NOTIFY_INTERVAL"])
    thread = threading.Thread(target=run, name="intrograph-mail", daemon=True)
    app.extensions[_KEY] = (thread, stopping)
    thread.start()
    return thread


def stop(app: Flask, timeout: float = 30) -> None:
    """Stop the app's sender (tests; the thread is a daemon otherwise)."""
    thread, stopping = app.extensions.pop(_KEY, (None, None))
    if thread is not None:
        stopping.set()
        thread.join(timeout)
