"""Logins: accounts for people, their roles, passwords and API tokens.

An account is an ``Account`` record whose id is the lower-cased e-mail. It is linked to the
Person with that e-mail (``person_id``) when one exists at the time the account is made or
its roles change. Mentors and mentees act as people in the graph, so their accounts must
be linked; an account with no person is allowed only when ``admin`` is its only role (an
operator who is not in the org chart).

Secrets are never stored in the clear: passwords as Werkzeug hashes (scrypt), API tokens as
their SHA-256 (a token is 256 random bits, so a slow hash adds nothing, and a fast one
lets a token be looked up by its hash). Every function that returns an account returns it
without ``password_hash`` and ``token_hash``.

Every change is made to the account as stored, inside one transaction under the account's
lock, and writes its audit entry with it: a password reset and a disabling made at once both
hold. A caller that passes the ``version`` it saw gets :class:`graphsvc.model.Conflict` when
the account changed since. The last enabled admin cannot be disabled or lose the admin role,
so that no one is locked out of account management; the changes that could break that rule
check it under one lock for all admins, so that two admins disabling each other at once
leave one of them enabled.

Sessions are revocable: each account has a ``session_epoch`` that a session carries from its
login, and a logout (:func:`end_sessions`), a password change, a role change or disabling
moves it on (in the same transaction as the change), which ends every session started
before, in every worker process at once (the web UI reads the account on each request
anyway, and compares).
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Callable, Iterable

from werkzeug.security import check_password_hash, generate_password_hash

from graphsvc import audit, limits
from graphsvc.records import Record, expect_version, lock_key
from graphsvc.store import GraphStore, RecordReads, TransactionReads

__all__ = [
    "ROLES", "MIN_PASSWORD", "AccountError",
    "add_user", "authenticate", "get_user", "list_users", "set_roles", "set_password", "disable_user",
    "enable_user", "create_token", "revoke_token", "user_for_token", "end_sessions", "session_epoch",
    "set_notifications",
]

ROLES = ("admin", "mentor", "mentee")
MIN_PASSWORD = 8
SECRETS = ("password_hash", "token_hash")
TOKEN_PREFIX = "igt_"
#: The changes after which no session started before may go on (:func:`session_epoch`).
ENDS_SESSIONS = frozenset({"account.logout", "account.password", "account.roles", "account.disable"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
#: The lock of every change that could leave no enabled admin.
_ADMINS = lock_key("admins")


class AccountError(ValueError):
    """An account change that cannot be made; the message says why."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _email(email: str) -> str:
    email = (email or "").strip().lower()
    if problem := limits.too_long(email, limits.EMAIL):
        raise AccountError(f"e-mail: {problem}")
    if not _EMAIL.match(email):
        raise AccountError(f"{email!r} is not an e-mail address")
    return email


def _roles(roles: Iterable[str]) -> list[str]:
    given = {r.strip().lower() for r in ([roles] if isinstance(roles, str) else roles or ())}
    unknown = sorted(given - set(ROLES))
    if unknown:
        raise AccountError(f"unknown role(s) {', '.join(unknown)}; roles are {', '.join(ROLES)}")
    if not given:
        raise AccountError(f"an account needs at least one role: {', '.join(ROLES)}")
    return [r for r in ROLES if r in given]


def _password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > limits.PASSWORD:
        raise AccountError(f"a password may have at most {limits.PASSWORD} characters")
    return generate_password_hash(password)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    """A hash to check against when the e-mail is unknown, so that answers take as long."""
    return generate_password_hash(secrets.token_urlsafe(16))


def _public(account: dict[str, Any] | None) -> dict[str, Any] | None:
    if account is None:
        return None
    return {k: v for k, v in account.items() if k not in SECRETS}


def _linked(person_id: str | None, email: str, roles: list[str]) -> str | None:
    """The person an account with these roles acts as; only an admin-only account may have none."""
    if person_id is None and roles != ["admin"]:
        raise AccountError(f"no person has the e-mail {email}: import them first (mentor and mentee "
                           "accounts act as a person in the graph; only an admin-only account may have none)")
    return person_id


def _enabled_admins(reads: RecordReads) -> list[str]:
    return [a["email"] for a in reads.find_records("Account") if "admin" in a["roles"] and not a["disabled"]]


def _keep_an_admin(reads: RecordReads, account: dict[str, Any]) -> None:
    if "admin" in account["roles"] and not account["disabled"] and _enabled_admins(reads) == [account["email"]]:
        raise AccountError(f"{account['email']} is the only admin; make another account admin first")


def session_epoch(account: dict[str, Any]) -> int:
    """Which generation of sessions is valid for the account: a session started in another is over."""
    return account.get("session_epoch") or 0


#: ``change(account, reads)`` of :func:`_change`: the changed account and its audit entry, or
#: ``None`` when there is nothing to change
Change = Callable[[dict[str, Any], TransactionReads], tuple[dict[str, Any], Record] | None]


def _change(store: GraphStore, email: str, change: Change, version: int | None = None,
            admins: bool = False) -> dict:
    """Apply ``change`` to the account as stored now, in one transaction under its lock (and
    the admins' lock with ``admins``); the account as it then stands, without secrets."""
    key = (email or "").strip().lower()

    def work(reads: TransactionReads) -> list[Record]:
        account = reads.get_record("Account", key)
        if account is None:
            raise AccountError(f"no account for {email!r}")
        expect_version(account, version, f"account {key}")
        made = change(account, reads)
        if made is None:
            return []
        changed, entry = made
        if entry.data["action"] in ENDS_SESSIONS:
            changed = {**changed, "session_epoch": session_epoch(account) + 1}
        return [Record("Account", key, {**changed, "updated": _now()}), entry]
    done = store.transact(work, [lock_key("Account", key)] + ([_ADMINS] if admins else []))
    return _public(done.data("Account", key) or store.get_record("Account", key))


def add_user(store: GraphStore, email: str, password: str, roles: Iterable[str], actor: str | None = None) -> dict:
    """Create an account; :class:`AccountError` if it exists or breaks a rule."""
    email, roles = _email(email), _roles(roles)
    person_id = _linked(store.resolve_many([email]).get(email), email, roles)
    account = {"id": email, "email": email, "person_id": person_id, "roles": roles, "password_hash": _password(password),
               "disabled": False, "created": _now(), "updated": _now(), "token_hash": None, "token_created": None}

    def work(reads: TransactionReads) -> list[Record]:
        if reads.get_record("Account", email) is not None:
            raise AccountError(f"an account for {email} already exists")
        return [Record("Account", email, account),
                audit.event("account.add", actor, email, roles=roles, person_id=person_id)]
    return _public(store.transact(work, [lock_key("Account", email)]).data("Account", email))


def authenticate(store: GraphStore, email: str, password: str) -> dict | None:
    """The account, if the e-mail and password match an enabled one; else ``None``.

    An unknown e-mail is checked against a decoy hash, so that the time taken does not
    tell which e-mails have accounts.
    """
    account = store.get_record("Account", (email or "").strip().lower())
    if not isinstance(password, str) or len(password) > limits.PASSWORD:
        password = ""
    if account is None:
        check_password_hash(_decoy_hash(), password)
        return None
    if not check_password_hash(account["password_hash"], password) or account["disabled"]:
        return None
    return _public(account)


def get_user(store: GraphStore, email: str) -> dict | None:
    return _public(store.get_record("Account", (email or "").strip().lower()))


def list_users(store: GraphStore) -> list[dict]:
    """Every account, by e-mail, without secrets."""
    return [_public(a) for a in store.find_records("Account")]


def set_roles(store: GraphStore, email: str, roles: Iterable[str], actor: str | None = None,
              version: int | None = None) -> dict:
    """Replace an account's roles (linking its person now if it had none)."""
    roles = _roles(roles)
    found = store.resolve_many([(email or "").strip().lower()])

    def change(account: dict[str, Any], reads: TransactionReads):
        if "admin" not in roles:
            _keep_an_admin(reads, account)
        person_id = _linked(account["person_id"] or found.get(account["email"]), account["email"], roles)
        return ({**account, "roles": roles, "person_id": person_id},
                audit.event("account.roles", actor, account["email"], before=account["roles"], after=roles))
    return _change(store, email, change, version, admins=True)


def set_password(store: GraphStore, email: str, password: str, actor: str | None = None,
                 version: int | None = None) -> dict:
    password_hash = _password(password)

    def change(account: dict[str, Any], reads: TransactionReads):
        return ({**account, "password_hash": password_hash},
                audit.event("account.password", actor or account["email"], account["email"]))
    return _change(store, email, change, version)


def disable_user(store: GraphStore, email: str, actor: str | None = None, version: int | None = None) -> dict:
    """Stop an account from logging in or using its token (its record and history stay)."""
    def change(account: dict[str, Any], reads: TransactionReads):
        if account["disabled"]:
            return None
        _keep_an_admin(reads, account)
        return {**account, "disabled": True}, audit.event("account.disable", actor, account["email"])
    return _change(store, email, change, version, admins=True)


def enable_user(store: GraphStore, email: str, actor: str | None = None, version: int | None = None) -> dict:
    def change(account: dict[str, Any], reads: TransactionReads):
        if not account["disabled"]:
            return None
        return {**account, "disabled": False}, audit.event("account.enable", actor, account["email"])
    return _change(store, email, change, version)


def end_sessions(store: GraphStore, email: str, actor: str | None = None) -> dict:
    """Log the account out everywhere: every session started so far ends (API tokens stay)."""
    return _change(store, email, lambda account, reads: (
        account, audit.event("account.logout", actor or account["email"], account["email"])))


def create_token(store: GraphStore, email: str, actor: str | None = None) -> str:
    """A new API token for scripts, replacing any earlier one; returned once, stored as a hash."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)

    def change(account: dict[str, Any], reads: TransactionReads):
        if account["disabled"]:
            raise AccountError(f"the account {account['email']} is disabled")
        return ({**account, "token_hash": _token_hash(token), "token_created": _now()},
                audit.event("account.token", actor or account["email"], account["email"]))
    _change(store, email, change)
    return token


def revoke_token(store: GraphStore, email: str, actor: str | None = None, version: int | None = None) -> dict:
    def change(account: dict[str, Any], reads: TransactionReads):
        if account["token_hash"] is None:
            return None
        return ({**account, "token_hash": None, "token_created": None},
                audit.event("account.revoke_token", actor or account["email"], account["email"]))
    return _change(store, email, change, version)


def user_for_token(store: GraphStore, token: str) -> dict | None:
    """The enabled account holding this API token, else ``None``."""
    if not token or not isinstance(token, str):
        return None
    found = store.find_records("Account", token_hash=_token_hash(token.strip()))
    if not found or found[0]["disabled"]:
        return None
    return _public(found[0])


def set_notifications(store: GraphStore, email: str, on: bool, actor: str | None = None) -> dict:
    """Turn the account's e-mail notifications (:mod:`graphsvc.notifications`) on or off.

    Accounts made before this setting existed have none and get notifications (the default).
    """
    def change(account: dict[str, Any], reads: TransactionReads):
        if account.get("notifications", True) == on:
            return None
        return ({**account, "notifications": on},
                audit.event("account.notifications", actor or account["email"], account["email"], on=on))
    return _change(store, email, change)
