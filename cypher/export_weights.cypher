// Every PAIR strength, one row per person with the pairs that start there (analyze reads
// how strongly people are tied, not why).
MATCH (a:Person)
WITH a, COLLECT {
  MATCH (a)-[w:PAIR]->(b:Person)
  RETURN [b.person_id, w.strength]
} AS pairs
WHERE size(pairs) > 0
RETURN a.person_id AS a, pairs
