// One PAIR relationship per pair of people with any tie (a < b by person_id), holding the
// combined strength of all their evidence as of the date on (:Meta {key: 'weights'}).
// Path search reads only these. Setting the same weight twice changes nothing.
UNWIND $rows AS row
MATCH (a:Person {person_id: row.a})
MATCH (b:Person {person_id: row.b})
MERGE (a)-[p:PAIR]->(b)
SET p.strength = row.strength
