// People whose whole name, folded, is the one typed: their search key starts with $prefix
// (graphsvc.search_keys.name_prefix, never ''), sorted as graphsvc.store.search_order sorts.
MATCH (p:Person)
WHERE p.search_key STARTS WITH $prefix
RETURN properties(p) AS person
ORDER BY toLower(coalesce(p.name, p.person_id)), p.person_id
