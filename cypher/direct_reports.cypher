// People with a current (no until) solid reporting line to each given manager, sorted by id.
UNWIND $ids AS id
MATCH (report:Person)-[r:REPORTS_TO {disc: 'solid'}]->(manager:Person {person_id: id})
WHERE r.until IS NULL
WITH manager.person_id AS manager, report.person_id AS report
ORDER BY report
RETURN manager, collect(report) AS reports
