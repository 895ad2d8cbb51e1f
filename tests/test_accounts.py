"""Accounts, roles, passwords and API tokens on both stores."""
from __future__ import annotations

import hashlib

import pytest

from graphsvc import audit
from graphsvc.accounts import (AccountError, add_user, authenticate, create_token, disable_user, enable_user,
                               get_user, list_users, revoke_token, set_password, set_roles, user_for_token)
from graphsvc.model import ImportBatch


@pytest.fixture
def org(store):
    store.upsert(ImportBatch(people={"E1": {"name": "Ana", "email": "ana@example.com"},
                                     "E2": {"name": "Ben", "email": "ben@example.com"}}))
    return store


def test_add_links_the_person_hashes_the_password_and_audits(org):
    user = add_user(org, " Ana@Example.COM ", "correct horse", ["mentee", "mentor", "mentee"], actor="root")
    assert user["email"] == "ana@example.com" and user["person_id"] == "E1"
    assert user["roles"] == ["mentor", "mentee"] and user["disabled"] is False
    assert "password_hash" not in user and "token_hash" not in user
    stored = org.get_record("Account", "ana@example.com")
    assert stored["password_hash"].startswith(("scrypt:", "pbkdf2:")) and "correct horse" not in stored["password_hash"]
    assert get_user(org, "ANA@example.com") == user
    entry = audit.recent(org, limit=1)[0]
    assert (entry["action"], entry["actor"], entry["subject"]) == ("account.add", "root", "ana@example.com")
    assert entry["details"] == {"roles": ["mentor", "mentee"], "person_id": "E1"}


@pytest.mark.parametrize("email, password, roles, message", [
    ("ana@example.com", "short", ["mentee"], "at least 8 characters"),
    ("ana@example.com", "x" * 1025, ["mentee"], "at most 1024"),
    ("ana@example.com", "long enough", [], "at least one role"),
    ("ana@example.com", "long enough", ["owner"], "unknown role"),
    ("not an email", "long enough", ["admin"], "not an e-mail address"),
    ("stranger@example.com", "long enough", ["mentee"], "no person has the e-mail stranger@example.com"),
    ("stranger@example.com", "long enough", ["admin", "mentor"], "only an admin-only account"),
])
def test_add_refuses_what_breaks_a_rule(org, email, password, roles, message):
    with pytest.raises(AccountError, match=message):
        add_user(org, email, password, roles)
    assert list_users(org) == [] and audit.recent(org) == []


def test_admin_only_accounts_need_no_person_and_emails_are_unique(org):
    ops = add_user(org, "ops@example.com", "long enough", ["admin"])
    assert ops["person_id"] is None
    with pytest.raises(AccountError, match="already exists"):
        add_user(org, "OPS@example.com", "another one", ["admin"])
    with pytest.raises(AccountError, match="no person has the e-mail ops@example.com"):
        set_roles(org, "ops@example.com", ["admin", "mentor"])


def test_authenticate(org):
    add_user(org, "ana@example.com", "correct horse", ["mentee"])
    assert authenticate(org, "ANA@example.com", "correct horse")["person_id"] == "E1"
    assert authenticate(org, "ana@example.com", "Correct horse") is None
    assert authenticate(org, "nobody@example.com", "correct horse") is None
    assert authenticate(org, "ana@example.com", None) is None
    assert "password_hash" not in authenticate(org, "ana@example.com", "correct horse")
    set_password(org, "ana@example.com", "battery staple")
    assert authenticate(org, "ana@example.com", "correct horse") is None
    assert authenticate(org, "ana@example.com", "battery staple") is not None
    with pytest.raises(AccountError, match="at least 8"):
        set_password(org, "ana@example.com", "123")
    disable_user(org, "ana@example.com", actor="root")
    assert authenticate(org, "ana@example.com", "battery staple") is None
    assert get_user(org, "ana@example.com")["disabled"] is True
    enable_user(org, "ana@example.com", actor="root")
    assert authenticate(org, "ana@example.com", "battery staple") is not None
    assert [e["action"] for e in audit.recent(org)] == ["account.enable", "account.disable", "account.password",
                                                        "account.add"]


def test_roles_and_the_last_admin(org):
    add_user(org, "ana@example.com", "long enough", ["admin"])
    with pytest.raises(AccountError, match="only admin"):
        set_roles(org, "ana@example.com", ["mentee"])
    with pytest.raises(AccountError, match="only admin"):
        disable_user(org, "ana@example.com")
    add_user(org, "ben@example.com", "long enough", ["admin", "mentor"])
    assert set_roles(org, "ana@example.com", ["mentee"], actor="ben@example.com")["roles"] == ["mentee"]
    with pytest.raises(AccountError, match="unknown role"):
        set_roles(org, "ben@example.com", ["root"])
    with pytest.raises(AccountError, match="no account for 'carl@example.com'"):
        set_roles(org, "carl@example.com", ["mentee"])
    assert [u["email"] for u in list_users(org)] == ["ana@example.com", "ben@example.com"]
    assert all(set(u) & {"password_hash", "token_hash"} == set() for u in list_users(org))
    entry = audit.recent(org, action="account.roles")[0]
    assert entry["actor"] == "ben@example.com" and entry["details"] == {"before": ["admin"], "after": ["mentee"]}


def test_api_tokens(org):
    add_user(org, "ana@example.com", "long enough", ["mentee"])
    add_user(org, "ben@example.com", "long enough", ["mentor"])
    token = create_token(org, "ana@example.com")
    assert token.startswith("igt_") and len(token) > 40
    stored = org.get_record("Account", "ana@example.com")
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest() and token not in str(stored)
    assert user_for_token(org, token)["email"] == "ana@example.com"
    assert "token_hash" not in user_for_token(org, token)
    assert user_for_token(org, token + "x") is None and user_for_token(org, "") is None
    newer = create_token(org, "ana@example.com")
    assert user_for_token(org, token) is None and user_for_token(org, newer)["email"] == "ana@example.com"
    disable_user(org, "ana@example.com")
    assert user_for_token(org, newer) is None
    with pytest.raises(AccountError, match="disabled"):
        create_token(org, "ana@example.com")
    ben = create_token(org, "ben@example.com")
    revoke_token(org, "ben@example.com")
    assert user_for_token(org, ben) is None
    assert [e["actor"] for e in audit.recent(org, action="account.token")] == [
        "ben@example.com", "ana@example.com", "ana@example.com"]
