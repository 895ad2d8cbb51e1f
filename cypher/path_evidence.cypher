// Everything explaining the shown paths needs, in one round trip: the people's properties,
// every tie between each pair ([a, b], either direction) and the weights date.
CALL {
  UNWIND $ids AS id
  MATCH (p:Person {person_id: id})
  RETURN collect(properties(p)) AS people
}
CALL {
  UNWIND $pairs AS pair
  MATCH (a:Person {person_id: pair[0]})-[r:REPORTS_TO|WORKED_WITH|MENTORS|KNOWS|INTERACTED]-(b:Person {person_id: pair[1]})
  RETURN collect([type(r), startNode(r).person_id, endNode(r).person_id, properties(r)]) AS ties
}
OPTIONAL MATCH (m:Meta {key: 'weights'})
RETURN people, ties, m.as_of AS as_of
