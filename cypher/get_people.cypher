// Stored properties of the given people.
UNWIND $ids AS id
MATCH (p:Person {person_id: id})
RETURN p.person_id AS person_id, properties(p) AS props
