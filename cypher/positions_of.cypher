// The WORKS_AT tenures of the given people, with the organisation's display name.
UNWIND $ids AS id
MATCH (p:Person {person_id: id})-[w:WORKS_AT]->(o:Organization)
RETURN p.person_id AS person_id, o.key AS org_key, o.name AS org_name, w.title AS title,
       w.since AS since, w.until AS until
ORDER BY person_id, org_key, since
