// Nodes per label (the generic :Record label is left out: its kinds are labels of their own).
MATCH (n)
UNWIND labels(n) AS label
WITH label WHERE label <> 'Record'
RETURN label, count(*) AS n
