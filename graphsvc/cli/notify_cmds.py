"""``intrograph notify send``: deliver the e-mail notification outbox once (for cron).

The web app sends it by itself when ``INTROGRAPH_SMTP_URL`` is set; this command is for
deployments whose web workers should not, or to flush the outbox by hand.
"""
from __future__ import annotations

import os

from graphsvc.cli import CliError, emit, store_from_args


def register(sub, common) -> None:
    notify = sub.add_parser("notify", help="e-mail notifications: deliver the outbox")
    notify_sub = notify.add_subparsers(dest="notify_command", required=True, metavar="ACTION")
    p = notify_sub.add_parser("send", parents=[common],
                              help="queue reminders for requests about to expire and send every due notification "
                                   "through INTROGRAPH_SMTP_URL")
    p.add_argument("--smtp-url", help="smtp://host:port or smtps://user:pass@host:port "
                                      "(default: INTROGRAPH_SMTP_URL)")
    p.add_argument("--base-url", help="where links point (default: INTROGRAPH_BASE_URL or http://127.0.0.1:8000)")
    p.set_defaults(handler=cmd_send)


def cmd_send(args) -> int:
    from graphsvc.mail_outbox import DEFAULT_FROM, send_due, smtp_sender
    url = args.smtp_url or os.environ.get("INTROGRAPH_SMTP_URL")
    if not url:
        raise CliError("no SMTP server: set INTROGRAPH_SMTP_URL or pass --smtp-url")
    send = smtp_sender(url, os.environ.get("INTROGRAPH_MAIL_FROM") or DEFAULT_FROM)
    with store_from_args(args) as store:
        counts = send_due(store, send, args.base_url)
    emit(args, counts, lambda c: (f"{c['sent']} sent, {c['failed']} failed (will be retried), "
                                  f"{c['skipped']} skipped, {c['queued']} expiry reminders queued"))
    return 1 if counts["failed"] else 0
