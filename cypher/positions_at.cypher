// Every WORKS_AT tenure at the given organisations (since is part of the properties).
UNWIND $keys AS key
MATCH (p:Person)-[w:WORKS_AT]->(o:Organization {key: key})
RETURN p.person_id AS person_id, o.key AS org_key, properties(w) AS props
ORDER BY org_key, person_id, props.since
