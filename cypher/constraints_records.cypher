// Records (goals, introductions, accounts, audit entries) are :Record nodes keyed by kind and id.
CREATE CONSTRAINT record_key IF NOT EXISTS FOR (r:Record) REQUIRE r.record_key IS UNIQUE;
CREATE INDEX record_kind IF NOT EXISTS FOR (r:Record) ON (r.kind);
