// Set moved PAIR strengths by relationship id (read by stored_pair_weights in the same
// analyze). The ids are checked against both people: a pair deleted since, whose id Neo4j
// gave to another relationship, is not matched, and the caller writes those rows by
// set_pair_weights instead. Returns the pairs set.
UNWIND $rows AS row
MATCH (a:Person)-[p:PAIR]->(b:Person)
WHERE id(p) = row.id AND a.person_id = row.a AND b.person_id = row.b
SET p.strength = row.strength
RETURN collect([row.a, row.b]) AS done
