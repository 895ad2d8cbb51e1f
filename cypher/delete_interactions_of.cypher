// Delete every INTERACTED tie of the given people (they stopped sharing interaction evidence);
// one row per tie deleted, with its pair, to be re-weighed in the same transaction.
UNWIND $ids AS id
MATCH (:Person {person_id: id})-[r:INTERACTED]-(:Person)
WITH DISTINCT r
WITH r, startNode(r).person_id AS a, endNode(r).person_id AS b
DELETE r
RETURN a, b
