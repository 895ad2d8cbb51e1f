// Every person's stored properties (whole-graph work: analyze, network health).
MATCH (p:Person)
RETURN p.person_id AS person_id, properties(p) AS props
