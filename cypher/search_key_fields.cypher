// What the search keys of the given people are made of as stored, so that a write giving
// only some of a person's fields makes their key from all of them (graphsvc.search_keys).
UNWIND $ids AS id
MATCH (p:Person {person_id: id})
RETURN p.person_id AS person_id, p.name AS name, p.title AS title, p.department AS department, p.email AS email
