// The people whose search keys are to be made when a store is opened: everyone when the keys
// were made by another version of the folding, else those without one (written before keys).
MATCH (p:Person)
WHERE $everyone OR p.search_key IS NULL
RETURN p.person_id AS person_id, p.name AS name, p.title AS title, p.department AS department, p.email AS email
