// Every REPORTS_TO tie from the given people, current or ended, solid or dotted.
UNWIND $ids AS id
MATCH (p:Person {person_id: id})-[r:REPORTS_TO]->(m:Person)
RETURN p.person_id AS source, m.person_id AS target, properties(r) AS props
ORDER BY source, target, r.disc
