// people_matching.cypher restricted to the people of $among (those a question can reach),
// so that a large department is never read whole. Every text parameter arrives lower-cased.
UNWIND $among AS id
MATCH (p:Person {person_id: id})
WHERE coalesce(p.active, true)
  AND (p.person_id IN $ids
       OR any(s IN coalesce(p.skills, []) WHERE toLower(s) IN $skills)
       OR any(w IN $title_words WHERE toLower(coalesce(p.title, '')) CONTAINS w)
       OR toLower(coalesce(p.department, '')) IN $departments
       OR toLower(coalesce(p.location, '')) IN $locations
       OR p.level IN $levels
       OR ($members AND coalesce(p.department, '') <> ''))
RETURN p.person_id AS person_id, properties(p) AS props
