// Every tie between people, in its stored direction (whole-graph work: analyze, network health).
MATCH (a:Person)-[r:REPORTS_TO|WORKED_WITH|MENTORS|KNOWS]->(b:Person)
RETURN type(r) AS type, a.person_id AS source, b.person_id AS target, properties(r) AS props
