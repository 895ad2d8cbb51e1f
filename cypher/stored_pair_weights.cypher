// Every PAIR strength with the relationship's id, one row per person with the pairs that
// start there: re-weighing sets a moved weight by that id (set_pair_weights_by_id), which
// costs the server half what finding the pair through both people does.
MATCH (a:Person)
WITH a, COLLECT {
  MATCH (a)-[w:PAIR]->(b:Person)
  RETURN [b.person_id, w.strength, id(w)]
} AS pairs
WHERE size(pairs) > 0
RETURN a.person_id AS a, pairs
