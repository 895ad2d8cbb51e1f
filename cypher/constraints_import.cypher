// Indexes the importers' look-ups need beside constraints.cypher (applied on every connect).
CREATE INDEX person_name IF NOT EXISTS FOR (p:Person) ON (p.name);
