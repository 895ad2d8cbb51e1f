// Records (goals, introductions, accounts, audit entries) are :Record nodes keyed by kind and id.
CREATE CONSTRAINT record_key IF NOT EXISTS FOR (r:Record) REQUIRE r.record_key IS UNIQUE;
CREATE INDEX record_kind IF NOT EXISTS FOR (r:Record) ON (r.kind);
// Write locks of read-check-write transactions (take_locks.cypher): one node per key.
CREATE CONSTRAINT lock_key IF NOT EXISTS FOR (l:Lock) REQUIRE l.key IS UNIQUE;
