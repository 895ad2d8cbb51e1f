"""Who may contribute interaction evidence, and removing it: the person's own switch and the
admin's delete-a-channel.

Both are service functions over a store, each recorded in the audit log. The rule itself
(:func:`graphsvc.model.shares_interactions`) is kept by the stores on every write: turning
a person's switch off deletes their ``INTERACTED`` ties in the same transaction.
"""
from __future__ import annotations

from graphsvc import audit
from graphsvc.model import ImportBatch, WriteSummary
from graphsvc.store import GraphStore, check_channel

__all__ = ["set_sharing", "forget_channel"]


def set_sharing(store: GraphStore, person_ref: str, share: bool, actor: str | None) -> WriteSummary:
    """Turn a person's interaction signals on or off (``share_interactions``).

    Off deletes every interaction tie of theirs and re-weighs those pairs, in one transaction
    with its audit entry; the summary's ``relationships_deleted`` says how many went. On
    keeps nothing from before: their interactions count again from the next import.
    """
    person_id = store.resolve(person_ref)
    batch = ImportBatch(people={person_id: {"share_interactions": share}}, source="interaction signals")
    return store.write_records(
        lambda summary: [audit.event("interactions.share" if share else "interactions.opt_out", actor, person_id,
                                     deleted=summary.relationships_deleted)], batch)


def forget_channel(store: GraphStore, channel: str, actor: str | None) -> int:
    """Delete all interaction evidence of one channel (``meeting`` or ``email``); how many ties went.

    Written in bounded transactions on Neo4j (see ``forget_interactions``), so the audit entry
    follows the deletion rather than sharing its transaction.
    """
    check_channel(channel)
    deleted = store.forget_interactions(channel)
    store.write_records([audit.event("interactions.forget", actor, channel, deleted=deleted)])
    return deleted
