// Which of the given people do not share interaction evidence (closed to introductions, or
// opted out of interaction signals): an upsert drops their INTERACTED ties (graphsvc.model.shares_interactions).
UNWIND $ids AS id
MATCH (p:Person {person_id: id})
WHERE p.open_to_intros = false OR p.share_interactions = false
RETURN collect(p.person_id) AS closed
