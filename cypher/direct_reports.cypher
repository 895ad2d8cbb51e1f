// People with a solid reporting line to each given manager, sorted by id.
UNWIND $ids AS id
MATCH (report:Person)-[:REPORTS_TO {disc: 'solid'}]->(manager:Person {person_id: id})
WITH manager.person_id AS manager, report.person_id AS report
ORDER BY report
RETURN manager, collect(report) AS reports
