// person_id of each ref that is a person_id or a (lower-cased) e-mail.
UNWIND $refs AS ref
OPTIONAL MATCH (byId:Person {person_id: ref})
OPTIONAL MATCH (byEmail:Person {email: toLower(ref)})
WITH ref, coalesce(byId, byEmail) AS found
WHERE found IS NOT NULL
RETURN ref, found.person_id AS person_id
