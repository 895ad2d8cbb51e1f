// Delete up to $limit INTERACTED ties of one channel (an admin's `intrograph interactions
// forget CHANNEL`), returning their pairs to re-weigh; run until it deletes fewer than $limit.
MATCH (a:Person)-[r:INTERACTED {disc: $channel}]->(b:Person)
WITH r, a, b LIMIT $limit
DELETE r
RETURN a.person_id AS a, b.person_id AS b
