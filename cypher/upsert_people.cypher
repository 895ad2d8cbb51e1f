// Merge people by person_id, setting only the properties a source gave. A batch holds each
// person once, so a missing one is created without MERGE's second look-up, and an
// unchanged one is not written at all. Returns how many were created and changed.
UNWIND $rows AS row
OPTIONAL MATCH (old:Person {person_id: row.person_id})
WITH row, old,
     old IS NOT NULL AND any(k IN keys(row.props) WHERE old[k] IS NULL OR old[k] <> row.props[k]) AS changed
FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END |
  CREATE (p:Person {person_id: row.person_id}) SET p += row.props)
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  SET old += row.props)
RETURN sum(CASE WHEN old IS NULL THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated,
       count(*) AS total
