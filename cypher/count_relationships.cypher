// Relationships per type (PAIR, the derived weight of each pair, is no relationship of the model).
MATCH ()-[r]->()
WHERE type(r) <> 'PAIR'
RETURN type(r) AS type, count(*) AS n
