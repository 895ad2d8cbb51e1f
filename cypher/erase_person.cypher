// Erase a person: the node goes with every relationship it has (ties, positions, PAIR weights),
// counted first for the report. No row when nobody has the id.
MATCH (p:Person {person_id: $person_id})
WITH p, COUNT { (p)-[:REPORTS_TO|WORKED_WITH|MENTORS|KNOWS]-(:Person) } AS ties,
     COUNT { (p)-[:WORKS_AT]->(:Organization) } AS positions, COUNT { (p)-[:PAIR]-(:Person) } AS pairs
DETACH DELETE p
RETURN ties, positions, pairs
