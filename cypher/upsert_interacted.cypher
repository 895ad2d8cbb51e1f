// Merge INTERACTED ties (one per pair and channel, the disc), replacing their properties (the
// importers merge counts with what is stored, see graphsvc/interactions.py).
// 'touched' lists the pairs whose evidence changed, to be re-weighed (set_pair_weights).
// Rows whose endpoints are missing are not matched: the caller compares 'matched' with the
// number of rows sent and rolls back. A batch holds each key once, so a missing tie is
// created without MERGE's second look-up, and an unchanged one is not written at all.
UNWIND $rows AS row
MATCH (a:Person {person_id: row.source})
MATCH (b:Person {person_id: row.target})
OPTIONAL MATCH (a)-[old:INTERACTED {disc: row.disc}]->(b)
WITH a, b, row, old,
     old IS NOT NULL AND (any(k IN keys(row.props) WHERE old[k] IS NULL OR old[k] <> row.props[k])
                          OR any(k IN keys(old) WHERE k <> 'disc' AND NOT k IN keys(row.props))) AS changed
FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END |
  CREATE (a)-[r:INTERACTED]->(b) SET r = row.props, r.disc = row.disc)
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  SET old = row.props, old.disc = row.disc)
RETURN sum(CASE WHEN old IS NULL THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated,
       count(*) AS matched,
       collect(CASE WHEN old IS NULL OR changed THEN [a.person_id, b.person_id] END) AS touched
