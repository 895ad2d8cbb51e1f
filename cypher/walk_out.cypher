// Path search's read in one round trip: walk out from each of $starts up to $radii[i] hops
// (at most 3; -1: not walked from) through passable people, as
// graphsvc.neighbourhood.walk_out does one query per level, and hand over the PAIR strengths
// of everyone walked through: the starts themselves (passable or not), the passable people
// within their radius, and the people of $also (the caller chose them: passable people one
// hop beyond a radius).
// One row of compact columns: per person walked through, its node id and its neighbours'
// node ids with the pair strengths; then per person seen (walked through or neighbour),
// once, its node id, person_id and whether it is passable. Node ids (id(), deprecated but
// free, used only to join within this one read) instead of person_ids and flags per tie:
// reading a property of every neighbour took most of the query's time.
// Each start is walked independently (the balls may overlap): more ties than walk_out may
// read, never fewer.
MATCH (e:Person) WHERE e.person_id IN $starts
WITH collect(e) AS ends
CALL {
  OPTIONAL MATCH (x:Person) WHERE x.person_id IN $also
  RETURN collect(x) AS also
}
UNWIND range(0, size($starts) - 1) AS i
MATCH (s:Person {person_id: $starts[i]}) WHERE $radii[i] >= 0
WITH ends, also, s, $radii[i] AS radius
CALL {
  WITH ends, s, radius
  UNWIND CASE WHEN radius >= 1 THEN [s] ELSE [] END AS x
  MATCH (x)-[:PAIR]-(a:Person)
  WHERE coalesce(a.active, true) AND coalesce(a.open_to_intros, true) AND NOT a IN ends
  RETURN collect(DISTINCT a) AS l1
}
CALL {
  WITH ends, l1, radius
  UNWIND CASE WHEN radius >= 2 THEN l1 ELSE [] END AS x
  MATCH (x)-[:PAIR]-(b:Person)
  WHERE coalesce(b.active, true) AND coalesce(b.open_to_intros, true) AND NOT b IN ends
  RETURN collect(DISTINCT b) AS l2
}
CALL {
  WITH ends, l2, radius
  UNWIND CASE WHEN radius >= 3 THEN l2 ELSE [] END AS x
  MATCH (x)-[:PAIR]-(c:Person)
  WHERE coalesce(c.active, true) AND coalesce(c.open_to_intros, true) AND NOT c IN ends
  RETURN collect(DISTINCT c) AS l3
}
UNWIND [s] + l1 + l2 + l3 + also AS p
WITH DISTINCT p
CALL {
  WITH p
  OPTIONAL MATCH (p)-[w:PAIR]-(q)
  RETURN collect(id(q)) AS nbrs, collect(w.strength) AS strengths, collect(q) AS qs
}
WITH collect(p) AS ps, collect(nbrs) AS nbrs, collect(strengths) AS strengths, collect(qs) AS qss
CALL {
  WITH ps, qss
  UNWIND [ps] + qss AS qs
  UNWIND qs AS q
  WITH DISTINCT q
  RETURN collect(id(q)) AS seen, collect(q.person_id) AS seen_ids,
         collect(coalesce(q.active, true) AND coalesce(q.open_to_intros, true)) AS seen_ok
}
RETURN [p IN ps | id(p)] AS rows, nbrs, strengths, seen, seen_ids, seen_ok
