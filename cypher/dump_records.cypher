// Every record (goals, introductions, accounts, audit, journal, erasures) by kind and id, for a dump.
MATCH (r:Record)
RETURN r.kind AS kind, r.record_id AS id, r.data AS data
ORDER BY r.kind, r.record_id
