// Whether the store holds any tie between people (to weigh pairs of a store written before
// pair weights existed). Stops at the first one found.
OPTIONAL MATCH (:Person)-[r:REPORTS_TO|WORKED_WITH|MENTORS|KNOWS|INTERACTED]->(:Person)
WITH r LIMIT 1
RETURN r IS NOT NULL AS found
