// Nodes per label (the generic :Record label is left out: its kinds are labels of their own;
// :Meta holds the store's own bookkeeping, :Lock the write locks of transactions).
MATCH (n)
UNWIND labels(n) AS label
WITH label WHERE NOT label IN ['Record', 'Meta', 'Lock']
RETURN label, count(*) AS n
