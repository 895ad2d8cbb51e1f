// Every person's properties in person_id order, for a dump (graphsvc/dump.py). The IS NOT NULL
// predicate lets the planner read the unique index in order rather than sort everyone.
MATCH (p:Person) WHERE p.person_id IS NOT NULL
RETURN properties(p) AS props
ORDER BY p.person_id
