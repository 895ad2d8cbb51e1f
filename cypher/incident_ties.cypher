// Ties incident to the given people, walking only through people who may be intermediates
// (active and open to introductions) unless they are one of the path's endpoints.
// One row: every tie as [type, source id, target id, properties] and the properties of every
// person at either end once (a person reached from several sides may appear twice).
UNWIND $ids AS id
MATCH (p:Person {person_id: id})
WHERE p.person_id IN $endpoints OR (coalesce(p.active, true) AND coalesce(p.open_to_intros, true))
MATCH (p)-[r:REPORTS_TO|WORKED_WITH|MENTORS|KNOWS]-(q:Person)
WITH collect([type(r), startNode(r).person_id, endNode(r).person_id, properties(r)]) AS ties,
     collect(DISTINCT p) + collect(DISTINCT q) AS people
RETURN ties, [x IN people | properties(x)] AS people
