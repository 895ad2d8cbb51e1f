// Stored ties of one type from each pair's source to its target (the type is a parameter
// compared with type(r), never formatted into the query).
UNWIND $pairs AS pair
MATCH (a:Person {person_id: pair.source})-[r]->(b:Person {person_id: pair.target})
WHERE type(r) = $type
RETURN a.person_id AS source, b.person_id AS target, properties(r) AS props
ORDER BY source, target, r.disc
