// Every tie incident to the given people, with the properties of every person at either end.
// One row: every tie as [type, source id, target id, properties] and the people once each
// (a person reached from several sides may appear twice).
UNWIND $ids AS id
MATCH (p:Person {person_id: id})-[r:REPORTS_TO|WORKED_WITH|MENTORS|KNOWS|INTERACTED]-(q:Person)
WITH collect([type(r), startNode(r).person_id, endNode(r).person_id, properties(r)]) AS ties,
     collect(DISTINCT p) + collect(DISTINCT q) AS people
RETURN ties, [x IN people | properties(x)] AS people
