"""Erasing a person on request, and keeping them erased (DESIGN.md: personal data).

:func:`erase` removes, in one transaction with its audit entry:

* the person's node, every tie and tenure naming them, and their pair weights, so no path
  goes through them any more (the embedded store's readers catch up through its change log);
* their accounts, and the goals they own (those are theirs alone).

It anonymises what also belongs to others: in introductions and in other people's goals
their id becomes :data:`ERASED`, and the free text they wrote there (a request's message,
the notes of the steps they took, a closing outcome) is dropped; an introduction linked to
one of their deleted goals loses the link, and one still open is withdrawn. Audit entries keep what happened and when, but
name them as :data:`ERASED` too.

What is kept is an ``Erasure`` record holding SHA-256 hashes of the person's identifiers
(person_id, e-mail, LinkedIn URL, account e-mails), and an audit entry saying who erased
whom (by the erasure's id) and when. Hashes rather than the bare ids: the store must
recognise the person when a later import names them again (importers report them as
erased rather than create them anew, until an admin lifts it with :func:`unerase`), but it
need not, and so does not, keep a readable list of who asked to be forgotten. A hash
answers "is this id erased?" for someone who already knows the id, and nothing more.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from graphsvc import audit
from graphsvc.introductions import OPEN_STATUSES, ROLES
from graphsvc.model import PersonNotFound
from graphsvc.person_data import PersonData, gather, replaced
from graphsvc.records import Record
from graphsvc.store import GraphStore

__all__ = ["ERASED", "ERASURE_KIND", "ErasureError", "Erasures", "erasures", "describe", "erase", "unerase",
           "identifier_hash", "anonymised_introduction", "anonymised_goal", "anonymised_audit"]

#: What records say instead of an erased person's id.
ERASED = "[erased]"
ERASURE_KIND = "Erasure"


class ErasureError(ValueError):
    """An erasure (or lifting one) that cannot be done; the message says why."""


def identifier_hash(value: str) -> str:
    """The hash under which an erased identifier is kept (e-mails compared lower-cased)."""
    text = value.strip()
    return hashlib.sha256((text.lower() if "@" in text else text).encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ pure rules

def anonymised_introduction(intro: dict[str, Any], ids: set[str], deleted_goals: set[str],
                            at: str) -> dict[str, Any]:
    """The introduction with the erased person (``ids``) replaced and the text they wrote dropped.

    A request still open is withdrawn at ``at``: nobody can take a step toward someone erased.
    """
    out = {**intro, **{role: ERASED for role in ROLES if intro.get(role) in ids}}
    if intro.get("requester") in ids:  # the requester wrote the message and the closing outcome
        out["message"] = ""
        out["outcome"] = ""
    out["history"] = [{**step, "by": ERASED, "note": ""} if step.get("by") in ids else step
                      for step in intro.get("history", ())]
    if intro.get("goal_id") in deleted_goals:
        out["goal_id"] = None
    if intro.get("status") in OPEN_STATUSES:
        out.update(status="withdrawn", updated=at)
        out["history"].append({"status": "withdrawn", "by": audit.SYSTEM, "at": at,
                               "note": "a person in this introduction was erased"})
    return out


def anonymised_goal(goal: dict[str, Any], ids: set[str]) -> dict[str, Any]:
    """Someone else's goal with the erased person replaced in its targets and in its history."""
    spec = goal.get("spec") or {}
    return {**goal, "spec": {**spec, "people": [ERASED if p in ids else p for p in spec.get("people", ())]},
            "history": [{**step, "by": ERASED, "note": ""} if step.get("by") in ids else step
                        for step in goal.get("history", ())]}


def anonymised_audit(entry: dict[str, Any], ids: set[str]) -> dict[str, Any]:
    """An audit entry naming the erased person as :data:`ERASED`, without notes they wrote."""
    out = replaced(entry, ids, ERASED)
    if entry.get("actor") in ids and isinstance(out.get("details"), dict) and "note" in out["details"]:
        out["details"] = {**out["details"], "note": ""}
    return out


# ------------------------------------------------------------------ store edges

@dataclass(frozen=True)
class Erasures:
    """The erasures in force, to recognise an erased person by any of their identifiers."""

    by_hash: dict[str, dict[str, Any]]

    def find(self, *identifiers: str | None) -> dict[str, Any] | None:
        """The erasure of whoever has one of these identifiers, else ``None``."""
        for value in identifiers:
            if value and value.strip():
                found = self.by_hash.get(identifier_hash(value))
                if found is not None:
                    return found
        return None


def erasures(store: GraphStore) -> Erasures:
    """Every erasure in force (there are few: it is read whole, once per import)."""
    return Erasures({h: e for e in store.find_records(ERASURE_KIND) for h in e["hashes"]})


def describe(erasure: dict[str, Any]) -> str:
    """For messages: ``erased on 2026-03-01 by admin@example.org``."""
    return f"erased on {erasure['at'][:10]} by {erasure['by']}"


def _admin_left(store: GraphStore, removed: Iterable[str]) -> bool:
    """Would an enabled admin account remain once the accounts ``removed`` are gone?"""
    admins = {a["id"] for a in store.find_records("Account") if "admin" in a["roles"] and not a["disabled"]}
    return not admins or bool(admins - set(removed))


def _records(data: PersonData, erasure_id: str, actor: str, at: datetime, owned: set[str],
             entries: list[dict[str, Any]], summary: dict[str, int]) -> list[Record]:
    """Everything the erasure writes beside deleting the node: see the module's doc."""
    ids = data.identifiers
    records = [Record("Account", a["id"], None) for a in data.accounts]
    records += [Record("Goal", g["id"], None if g["id"] in owned else anonymised_goal(g, ids)) for g in data.goals]
    stamp = at.astimezone(timezone.utc).isoformat(timespec="seconds")
    records += [Record("Introduction", i["id"], anonymised_introduction(i, ids, owned, stamp))
                for i in data.introductions]
    records += [Record("AuditEntry", e["id"], anonymised_audit(e, ids)) for e in entries]
    records.append(Record(ERASURE_KIND, erasure_id, {"hashes": sorted({identifier_hash(i) for i in ids}),
                                                    "at": stamp, "by": actor}))
    records.append(audit.event("person.erase", actor, erasure_id, at, **summary))
    return records


def erase(store: GraphStore, ref: str, actor: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Erase the person named by id or e-mail (see the module's doc); what was done, as counts.

    :class:`ErasureError` when the person was erased already or holds the last admin account.
    """
    try:
        data = gather(store, ref)
    except PersonNotFound:
        found = erasures(store).find(ref)
        if found is not None:
            raise ErasureError(f"{ref} was {describe(found)} already") from None
        raise
    if not _admin_left(store, (a["id"] for a in data.accounts)):
        raise ErasureError(f"{data.person_id} holds the only enabled admin account; make another account "
                           "admin first")
    ids = data.identifiers
    owned = {g["id"] for g in data.goals if g["owner"] == data.person_id}
    # data.audit also holds entries about their goals and introductions that do not name them:
    # those stay as they are
    entries = [e for e in data.audit if replaced(e, ids, "") != e]
    summary = {"ties": len(data.ties), "positions": len(data.positions), "accounts": len(data.accounts),
               "goals_deleted": len(owned), "goals_anonymised": len(data.goals) - len(owned),
               "introductions_anonymised": len(data.introductions), "audit_entries_anonymised": len(entries)}
    erasure_id = "X-" + identifier_hash(data.person_id)[:16]
    records = _records(data, erasure_id, actor or audit.SYSTEM, now or datetime.now(timezone.utc), owned,
                       entries, summary)
    # their e-mail notifications name them and are of no use to anyone once they are gone
    records += [Record("Notification", n["id"], None)
                for n in store.find_records("Notification", recipient=data.person_id)]
    gone = store.erase_person(data.person_id, records)
    return {"erasure": erasure_id, "person_id": data.person_id, **summary, **gone}


def unerase(store: GraphStore, ref: str, actor: str | None = None) -> dict[str, Any]:
    """Lift the erasure of whoever had ``ref`` as an id, e-mail or LinkedIn URL, so imports may
    create them again; :class:`ErasureError` when no erasure matches."""
    found = erasures(store).find(ref)
    if found is None:
        raise ErasureError(f"no erased person has the id, e-mail or LinkedIn URL {ref!r}")
    store.write_records([Record(ERASURE_KIND, found["id"], None),
                         audit.event("person.unerase", actor, found["id"], erased_at=found["at"])])
    return {"erasure": found["id"], "erased_at": found["at"], "erased_by": found["by"]}
