// Nodes per label, leaving out what is not part of the organisation: the generic :Record
// label (its kinds are labels of their own), the bookkeeping kinds ($bookkeeping: the import
// journal, the audit log), :Meta (the store's own settings) and :Lock (transactions' locks).
MATCH (n)
UNWIND labels(n) AS label
WITH label WHERE NOT label IN ['Record', 'Meta', 'Lock'] + $bookkeeping
RETURN label, count(*) AS n
