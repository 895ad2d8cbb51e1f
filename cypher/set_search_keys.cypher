// Store the search keys made by graphsvc.search_keys for these people.
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
SET p.search_key = row.key
