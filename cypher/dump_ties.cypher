// Every tie of one type ($type, compared with type(r), never formatted in), for a dump: one row
// per source person in person_id order, their ties sorted by target and discriminator. That
// is the embedded store's primary-key order, so both stores write the same dump; one row per
// person because the driver pays per row.
MATCH (a:Person) WHERE a.person_id IS NOT NULL
WITH a ORDER BY a.person_id
WITH a, COLLECT {
  MATCH (a)-[r]->(b:Person) WHERE type(r) = $type
  WITH b, r ORDER BY b.person_id, r.disc
  RETURN [b.person_id, properties(r)]
} AS ties
WHERE size(ties) > 0
RETURN a.person_id AS source, ties
