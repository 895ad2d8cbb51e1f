"""The Flask web UI: ``create_app`` builds one app; nothing is created at import time.

``flask --app webui run`` finds :func:`create_app`; ``intrograph serve`` runs it under
gunicorn. Each area is a blueprint: auth, home (dashboards), people, intros, goals, admin,
person_data (export and erasure, for admins), reports (admin charts), api; ``vis`` serves
vis-network for the graph pages. With an SMTP URL, a thread sends the e-mail
notifications (:mod:`webui.mail_thread`).
"""
from __future__ import annotations

from typing import Any

from flask import Flask

__all__ = ["create_app"]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """An app configured from the environment (:mod:`webui.config`), then from ``config``."""
    from graphsvc import limits
    from webui import (admin, api, auth, charts, errors, goals, home, intros, mail_thread, people, person_data,
                       reports, request_body, security)
    from webui.config import ensure_secret_key, from_env
    from webui.graphs import vis_files
    from webui.storage import StoreHandle

    app = Flask(__name__)
    app.config.update(from_env())
    app.config.update(config or {})
    ensure_secret_key(app.config)
    app.extensions["intrograph.store"] = StoreHandle(app)
    errors.init_app(app)
    request_body.init_app(app)  # before security: its CSRF check reads the body
    security.init_app(app)
    app.jinja_env.filters.update(percent=lambda x: f"{100 * float(x or 0):.0f}%")
    app.jinja_env.globals.update(limits=limits)  # forms say how long each text may be (maxlength)
    app.jinja_env.globals["charts"] = charts
    for module in (auth, home, people, intros, goals, admin, person_data, reports, api):
        app.register_blueprint(module.bp)
    app.register_blueprint(vis_files)
    mail_thread.start(app)  # only when INTROGRAPH_SMTP_URL is set
    return app
