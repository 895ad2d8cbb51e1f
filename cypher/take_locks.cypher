// Write locks for a read-check-write transaction (RecordStore.transact). Neo4j reads at
// read-committed isolation, so two transactions could both read a state and both write on
// it; each first takes the locks of what it is about to read, so the second waits until the
// first commits and then reads what it wrote. One :Lock node per key (unique, so that two
// transactions creating a new key meet on one node); bumping its counter takes the node's
// write lock, held until the transaction ends. Keys come sorted: one order for everyone.
UNWIND $keys AS key
MERGE (l:Lock {key: key})
SET l.taken = coalesce(l.taken, 0) + 1
