"""Everything stored about one person, gathered for an export (DESIGN.md: personal data).

A person's data is spread over the graph and the records beside it: their node, the ties
and tenures that name them, the goals they own or that name them, the introductions they
take part in, their accounts and the audit entries about them. :func:`gather` collects it
all in one place, so that the export shows exactly what an erasure (``graphsvc.erasure``)
then removes or anonymises.

An audit entry is about the person when any of its fields (actor, subject, details) holds
one of their identifiers (person_id, e-mail, LinkedIn URL, account e-mails), or its subject
is one of their goals or introductions. Accounts are exported without their secrets.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from graphsvc.accounts import SECRETS
from graphsvc.introductions import ROLES
from graphsvc.store import GraphStore

__all__ = ["EXPORT_FORMAT", "PersonData", "gather", "export_person", "replaced"]

EXPORT_FORMAT = {"format": "intrograph-person-export", "version": 1}


def replaced(value: Any, ids: set[str], marker: str) -> Any:
    """``value`` with every string equal to one of ``ids`` replaced by ``marker``, at any depth.

    ``replaced(v, ids, m) != v`` says whether ``v`` mentions any of ``ids``.
    """
    if isinstance(value, str):
        return marker if value in ids else value
    if isinstance(value, list):
        return [replaced(v, ids, marker) for v in value]
    if isinstance(value, dict):
        return {k: replaced(v, ids, marker) for k, v in value.items()}
    return value


@dataclass
class PersonData:
    """What is stored about one person, as the stores hand it over."""

    person: dict[str, Any]
    ties: list[dict[str, Any]]
    positions: list[dict[str, Any]]
    goals: list[dict[str, Any]]
    introductions: list[dict[str, Any]]
    #: the account records as stored, secrets included (for the erasure; exports drop them)
    accounts: list[dict[str, Any]]
    audit: list[dict[str, Any]]

    @property
    def person_id(self) -> str:
        return self.person["person_id"]

    @property
    def identifiers(self) -> set[str]:
        """Every value by which records name this person."""
        found = {self.person_id, self.person.get("email"), self.person.get("linkedin_url")}
        found |= {a["email"] for a in self.accounts}
        return {i for i in found if i}

    def as_json(self) -> dict[str, Any]:
        return {
            **EXPORT_FORMAT,
            "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "person": self.person,
            "ties": [t for t in self.ties if t["type"] != "MENTORS"],
            "mentorships": [t for t in self.ties if t["type"] == "MENTORS"],
            "positions": self.positions,
            "goals": self.goals,
            "introductions": self.introductions,
            "accounts": [{k: v for k, v in a.items() if k not in SECRETS} for a in self.accounts],
            "audit": self.audit,
        }


def gather(store: GraphStore, ref: str) -> PersonData:
    """Everything stored about the person named by id or e-mail (:class:`PersonNotFound` if nobody)."""
    person_id = store.resolve(ref)
    person = store.get_people([person_id])[person_id]
    edges, _ = store.incident_edges([person_id])
    ties = sorted(({"type": t.type, "source": t.source, "target": t.target, "props": t.props}
                   for e in edges for t in e.ties),
                  key=lambda t: (t["type"], t["source"], t["target"], sorted(t["props"].items(), key=repr)))
    accounts = {a["id"]: a for a in store.find_records("Account", person_id=person_id)}
    if person.get("email") and store.get_record("Account", person["email"]):
        accounts[person["email"]] = store.get_record("Account", person["email"])
    intros = {i["id"]: i for role in ROLES for i in store.find_records("Introduction", **{role: person_id})}
    data = PersonData(person, ties, store.positions_of([person_id]), [], sorted(intros.values(), key=_id),
                      sorted(accounts.values(), key=_id), [])
    ids = data.identifiers
    data.goals = [g for g in store.find_records("Goal")
                  if g["owner"] == person_id or replaced(g, ids, "") != g]
    subjects = {g["id"] for g in data.goals} | set(intros)
    data.audit = [e for e in store.find_records("AuditEntry")
                  if e["subject"] in subjects or replaced(e, ids, "") != e]
    return data


def export_person(store: GraphStore, ref: str) -> dict[str, Any]:
    """Everything stored about a person as one JSON-able document (accounts without secrets)."""
    return gather(store, ref).as_json()


def _id(record: dict[str, Any]) -> str:
    return record["id"]
