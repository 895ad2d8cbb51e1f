// Every WORKS_AT tenure, for a dump: one row per person in person_id order, their tenures
// sorted by organisation key and start (the embedded store's primary-key order).
MATCH (p:Person) WHERE p.person_id IS NOT NULL
WITH p ORDER BY p.person_id
WITH p, COLLECT {
  MATCH (p)-[w:WORKS_AT]->(o:Organization)
  WITH o, w ORDER BY o.key, w.since
  RETURN [o.key, properties(w)]
} AS positions
WHERE size(positions) > 0
RETURN p.person_id AS person_id, positions
