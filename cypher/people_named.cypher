// People whose name is $wanted (given lower-cased and trimmed), ignoring case and surrounding
// spaces, sorted as graphsvc.store.search_order sorts: someone typed a name into a field.
MATCH (p:Person)
WHERE $wanted <> '' AND toLower(trim(p.name)) = $wanted
RETURN properties(p) AS person
ORDER BY toLower(coalesce(p.name, p.person_id)), p.person_id
