// Ties incident to the given people, walking only through people who may be intermediates
// (active and open to introductions) unless they are one of the path's endpoints.
UNWIND $ids AS id
MATCH (p:Person {person_id: id})
WHERE p.person_id IN $endpoints OR (coalesce(p.active, true) AND coalesce(p.open_to_intros, true))
MATCH (p)-[r:REPORTS_TO|WORKED_WITH|MENTORS|KNOWS]-(q:Person)
RETURN p.person_id AS p, properties(p) AS p_props, q.person_id AS q, properties(q) AS q_props,
       type(r) AS type, startNode(r).person_id AS source, endNode(r).person_id AS target,
       properties(r) AS props
