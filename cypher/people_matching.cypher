// Active people matching at least one criterion: a cheap superset that the caller refines.
// Every text parameter arrives lower-cased; $members matches everyone in the org chart.
MATCH (p:Person)
WHERE coalesce(p.active, true)
  AND (p.person_id IN $ids
       OR any(s IN coalesce(p.skills, []) WHERE toLower(s) IN $skills)
       OR any(w IN $title_words WHERE toLower(coalesce(p.title, '')) CONTAINS w)
       OR toLower(coalesce(p.department, '')) IN $departments
       OR toLower(coalesce(p.location, '')) IN $locations
       OR p.level IN $levels
       OR ($members AND coalesce(p.department, '') <> ''))
RETURN p.person_id AS person_id, properties(p) AS props
