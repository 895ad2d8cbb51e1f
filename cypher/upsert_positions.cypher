// Merge WORKS_AT tenures, one per person, organisation and start date.
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
MATCH (o:Organization {key: row.org_key})
OPTIONAL MATCH (p)-[old:WORKS_AT {since: row.since}]->(o)
WITH p, o, row, old IS NULL AS created,
     old IS NOT NULL AND (any(k IN keys(row.props) WHERE old[k] IS NULL OR old[k] <> row.props[k])
                          OR any(k IN keys(old) WHERE k <> 'since' AND NOT k IN keys(row.props))) AS changed
MERGE (p)-[w:WORKS_AT {since: row.since}]->(o)
SET w = row.props, w.since = row.since
RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated,
       count(*) AS matched
