// Merge WORKS_AT tenures, one per person, organisation and start date. A batch holds each
// key once, so a missing tenure is created without MERGE's second look-up, and an
// unchanged one is not written at all.
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
MATCH (o:Organization {key: row.org_key})
OPTIONAL MATCH (p)-[old:WORKS_AT {since: row.since}]->(o)
WITH p, o, row, old,
     old IS NOT NULL AND (any(k IN keys(row.props) WHERE old[k] IS NULL OR old[k] <> row.props[k])
                          OR any(k IN keys(old) WHERE k <> 'since' AND NOT k IN keys(row.props))) AS changed
FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END |
  CREATE (p)-[w:WORKS_AT]->(o) SET w = row.props, w.since = row.since)
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  SET old = row.props, old.since = row.since)
RETURN sum(CASE WHEN old IS NULL THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated,
       count(*) AS matched
