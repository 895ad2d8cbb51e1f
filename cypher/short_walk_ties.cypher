// The ties between two people that may lie on a walk of at most four hops, in one round trip:
// walk out from $starts[0] (side 0) and $starts[1] (side 1) up to $radii[i] hops (at most 1;
// -1: not walked from) through passable people, as walk_out.cypher does, but hand over only
// the ties of those walked through that lead to someone walked through, to an end, or to
// someone tied to people walked through on both sides (the middle of a walk of four hops).
// Every tie of such a walk is among them (graphsvc.neighbourhood.short_walk_ties picks them
// out exactly), and the properties of the hundreds of other neighbours are never read.
// One row of columns, per person reached (kept): node id, person_id, passable, and the node
// ids of the people walked through tied to them with the strengths.
MATCH (e:Person) WHERE e.person_id IN $starts
WITH collect(e) AS ends
UNWIND range(0, size($starts) - 1) AS side
MATCH (s:Person {person_id: $starts[side]}) WHERE $radii[side] >= 0
CALL {
  WITH ends, s, side
  UNWIND CASE WHEN $radii[side] >= 1 THEN [s] ELSE [] END AS x
  MATCH (x)-[:PAIR]-(a:Person)
  WHERE coalesce(a.active, true) AND coalesce(a.open_to_intros, true) AND NOT a IN ends
  RETURN collect(DISTINCT a) AS l1
}
UNWIND [s] + l1 AS p
WITH DISTINCT ends, p, side
CALL {
  WITH p, side
  MATCH (p)-[w:PAIR]-(q)
  RETURN q, side AS seen_from, [id(p), w.strength] AS tie
  UNION ALL
  WITH p
  RETURN p AS q, -1 AS seen_from, null AS tie
}
WITH ends, q, collect(DISTINCT seen_from) AS sides, collect(DISTINCT tie) AS ties
WHERE -1 IN sides OR (0 IN sides AND 1 IN sides) OR q IN ends
RETURN collect(id(q)) AS kept, collect(q.person_id) AS kept_ids,
       collect(coalesce(q.active, true) AND coalesce(q.open_to_intros, true)) AS kept_ok,
       collect([t IN ties | t[0]]) AS walked, collect([t IN ties | t[1]]) AS strengths
