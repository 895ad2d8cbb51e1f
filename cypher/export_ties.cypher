// Every tie between people in its stored direction (whole-graph work: analyze, network health),
// as one row per person with the ties that start there: the driver pays per row, so a million
// rows cost far more than their data, while one list of everything would sit in memory whole.
MATCH (a:Person)
WITH a, COLLECT {
  MATCH (a)-[r:REPORTS_TO|WORKED_WITH|MENTORS|KNOWS|INTERACTED]->(b:Person)
  RETURN [type(r), b.person_id, properties(r)]
} AS ties
WHERE size(ties) > 0
RETURN a.person_id AS source, ties
