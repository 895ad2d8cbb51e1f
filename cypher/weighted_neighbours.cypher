// Path search's one read: for each asked person, whether they may be an intermediate and,
// when they may be walked through (passable, or one of $endpoints), their PAIR strengths as
// [neighbour id, strength, neighbour passable]. Ids and numbers only: no evidence.
// One row, since the driver pays per row.
UNWIND $ids AS id
MATCH (p:Person {person_id: id})
WITH p, coalesce(p.active, true) AND coalesce(p.open_to_intros, true) AS ok
WITH p, ok, CASE WHEN ok OR p.person_id IN $endpoints THEN COLLECT {
  MATCH (p)-[w:PAIR]-(q:Person)
  RETURN [q.person_id, w.strength, coalesce(q.active, true) AND coalesce(q.open_to_intros, true)]
} ELSE [] END AS nbrs
RETURN collect([p.person_id, ok, nbrs]) AS rows
