// Every tie between each of the given pairs ([a, b], either direction): the evidence to
// re-weigh a pair, or to explain the hops of the paths shown. Never read for path search.
UNWIND $pairs AS pair
MATCH (a:Person {person_id: pair[0]})-[r:REPORTS_TO|WORKED_WITH|MENTORS|KNOWS|INTERACTED]-(b:Person {person_id: pair[1]})
RETURN type(r) AS type, startNode(r).person_id AS source, endNode(r).person_id AS target,
       properties(r) AS props
