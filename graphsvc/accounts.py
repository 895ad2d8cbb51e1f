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

Every change writes its audit entry with it. The last enabled admin cannot be disabled or
lose the admin role, so that no one is locked out of account management.

Sessions are revocable: each account has a ``session_epoch`` that a session carries from its
login, and a logout (:func:`end_sessions`), a password change, a role change or disabling
moves it on, which ends every session started before, in every worker process at once (the
web UI reads the account on each request anyway, and compares).
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Iterable

from werkzeug.security import check_password_hash, generate_password_hash

from graphsvc import audit, limits
from graphsvc.records import Record
from graphsvc.store import GraphStore

__all__ = [
    "ROLES", "MIN_PASSWORD", "AccountError",
    "add_user", "authenticate", "get_user", "list_users", "set_roles", "set_password", "disable_user",
    "enable_user", "create_token", "revoke_token", "user_for_token", "end_sessions", "session_epoch",
]

ROLES = ("admin", "mentor", "mentee")
MIN_PASSWORD = 8
SECRETS = ("password_hash", "token_hash")
TOKEN_PREFIX = "igt_"
#: The changes after which no session started before may go on (:func:`session_epoch`).
ENDS_SESSIONS = frozenset({"account.logout", "account.password", "account.roles", "account.disable"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


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


def _account(store: GraphStore, email: str) -> dict[str, Any]:
    account = store.get_record("Account", (email or "").strip().lower())
    if account is None:
        raise AccountError(f"no account for {email!r}")
    return account


def _person_for(store: GraphStore, email: str, roles: list[str]) -> str | None:
    person_id = store.resolve_many([email]).get(email)
    if person_id is None and roles != ["admin"]:
        raise AccountError(f"no person has the e-mail {email}: import them first (mentor and mentee "
                           "accounts act as a person in the graph; only an admin-only account may have none)")
    return person_id


def _enabled_admins(store: GraphStore) -> list[str]:
    return [a["email"] for a in store.find_records("Account") if "admin" in a["roles"] and not a["disabled"]]


def _keep_an_admin(store: GraphStore, account: dict[str, Any]) -> None:
    if "admin" in account["roles"] and not account["disabled"] and _enabled_admins(store) == [account["email"]]:
        raise AccountError(f"{account['email']} is the only admin; make another account admin first")


def session_epoch(account: dict[str, Any]) -> int:
    """Which generation of sessions is valid for the account: a session started in another is over."""
    return account.get("session_epoch") or 0


def _save(store: GraphStore, account: dict[str, Any], action: str, actor: str | None, **details: Any) -> dict:
    account = {**account, "updated": _now()}
    if action in ENDS_SESSIONS:
        account["session_epoch"] = session_epoch(account) + 1
    store.write_records([Record("Account", account["email"], account),
                         audit.event(action, actor, account["email"], **details)])
    return _public(account)


def add_user(store: GraphStore, email: str, password: str, roles: Iterable[str], actor: str | None = None) -> dict:
    """Create an account; :class:`AccountError` if it exists or breaks a rule."""
    email, roles = _email(email), _roles(roles)
    if store.get_record("Account", email) is not None:
        raise AccountError(f"an account for {email} already exists")
    person_id = _person_for(store, email, roles)
    account = {"id": email, "email": email, "person_id": person_id, "roles": roles, "password_hash": _password(password),
               "disabled": False, "created": _now(), "token_hash": None, "token_created": None}
    return _save(store, account, "account.add", actor, roles=roles, person_id=person_id)


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


def set_roles(store: GraphStore, email: str, roles: Iterable[str], actor: str | None = None) -> dict:
    """Replace an account's roles (linking its person now if it had none)."""
    account, roles = _account(store, email), _roles(roles)
    if "admin" not in roles:
        _keep_an_admin(store, account)
    person_id = account["person_id"] or _person_for(store, account["email"], roles)
    return _save(store, {**account, "roles": roles, "person_id": person_id}, "account.roles", actor,
                 before=account["roles"], after=roles)


def set_password(store: GraphStore, email: str, password: str, actor: str | None = None) -> dict:
    account = _account(store, email)
    return _save(store, {**account, "password_hash": _password(password)}, "account.password",
                 actor or account["email"])


def disable_user(store: GraphStore, email: str, actor: str | None = None) -> dict:
    """Stop an account from logging in or using its token (its record and history stay)."""
    account = _account(store, email)
    if account["disabled"]:
        return _public(account)
    _keep_an_admin(store, account)
    return _save(store, {**account, "disabled": True}, "account.disable", actor)


def enable_user(store: GraphStore, email: str, actor: str | None = None) -> dict:
    account = _account(store, email)
    if not account["disabled"]:
        return _public(account)
    return _save(store, {**account, "disabled": False}, "account.enable", actor)


def end_sessions(store: GraphStore, email: str, actor: str | None = None) -> dict:
    """Log the account out everywhere: every session started so far ends (API tokens stay)."""
    account = _account(store, email)
    return _save(store, account, "account.logout", actor or account["email"])


def create_token(store: GraphStore, email: str, actor: str | None = None) -> str:
    """A new API token for scripts, replacing any earlier one; returned once, stored as a hash."""
    account = _account(store, email)
    if account["disabled"]:
        raise AccountError(f"the account {account['email']} is disabled")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    _save(store, {**account, "token_hash": _token_hash(token), "token_created": _now()}, "account.token",
          actor or account["email"])
    return token


def revoke_token(store: GraphStore, email: str, actor: str | None = None) -> dict:
    account = _account(store, email)
    if account["token_hash"] is None:
        return _public(account)
    return _save(store, {**account, "token_hash": None, "token_created": None}, "account.revoke_token",
                 actor or account["email"])


def user_for_token(store: GraphStore, token: str) -> dict | None:
    """The enabled account holding this API token, else ``None``."""
    if not token or not isinstance(token, str):
        return None
    found = store.find_records("Account", token_hash=_token_hash(token.strip()))
    if not found or found[0]["disabled"]:
        return None
    return _public(found[0])
