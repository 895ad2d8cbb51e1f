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
// each person walked through once, with the sides it was walked from
WITH ends, p, collect(side) AS sides
WITH ends, p, 0 IN sides AS from0, 1 IN sides AS from1
CALL {
  WITH p, from0, from1
  MATCH (p)-[w:PAIR]-(q)
  RETURN q, from0 AS seen0, from1 AS seen1, false AS walked, w
  UNION ALL
  WITH p
  RETURN p AS q, false AS seen0, false AS seen1, true AS walked, null AS w
}
WITH ends, q, max(seen0) AS seen0, max(seen1) AS seen1, max(walked) AS walked, collect(w) AS ws
WHERE walked OR (seen0 AND seen1) OR q IN ends
// strengths are read only now, for the ties kept (a hub walked through has thousands)
RETURN collect(id(q)) AS kept, collect(q.person_id) AS kept_ids,
       collect(coalesce(q.active, true) AND coalesce(q.open_to_intros, true)) AS kept_ok,
       collect([w IN ws | id(CASE WHEN startNode(w) = q THEN endNode(w) ELSE startNode(w) END)]) AS walked,
       collect([w IN ws | w.strength]) AS strengths
