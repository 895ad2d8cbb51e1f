// Insert or replace records, each one version above what is stored. The kind also becomes a
// label (from a fixed list) so that the graph shows :Goal, :Introduction, :Account and
// :AuditEntry nodes; the filterable fields are copied out of the JSON as properties.
// ImportRun (the import journal) gets no label of its own: it is bookkeeping, which
// count_nodes leaves out with the generic :Record label. The version is bumped first, in a
// SET that reads it: Neo4j then locks the node before reading, so two writers never hand
// out one version twice.
UNWIND $rows AS row
MERGE (r:Record {record_key: row.kind + ':' + row.id})
SET r.version = coalesce(r.version, 0) + 1
WITH r, row, r.version AS version
SET r = row.fields, r.record_key = row.kind + ':' + row.id, r.kind = row.kind, r.record_id = row.id,
    r.data = row.data, r.version = version
FOREACH (_ IN CASE WHEN row.kind = 'Goal' THEN [1] ELSE [] END | SET r:Goal)
FOREACH (_ IN CASE WHEN row.kind = 'Introduction' THEN [1] ELSE [] END | SET r:Introduction)
FOREACH (_ IN CASE WHEN row.kind = 'Account' THEN [1] ELSE [] END | SET r:Account)
FOREACH (_ IN CASE WHEN row.kind = 'AuditEntry' THEN [1] ELSE [] END | SET r:AuditEntry)
RETURN row.kind AS kind, row.id AS id, version
