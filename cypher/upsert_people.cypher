// Merge people by person_id, setting only the properties a source gave.
// Returns how many were created and how many had a property changed.
UNWIND $rows AS row
OPTIONAL MATCH (old:Person {person_id: row.person_id})
WITH row, old IS NULL AS created,
     old IS NOT NULL AND any(k IN keys(row.props) WHERE old[k] IS NULL OR old[k] <> row.props[k]) AS changed
MERGE (p:Person {person_id: row.person_id})
SET p += row.props
RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated,
       count(*) AS total
