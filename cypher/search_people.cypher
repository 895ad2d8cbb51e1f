// One page of people whose name or id contains $text, having $skill, in $department
// (each filter lower-cased by the caller; null or '' means any), sorted as
// graphsvc.store.search_order sorts: lower-cased name (else id), then id.
MATCH (p:Person)
WHERE ($text = '' OR toLower(coalesce(p.name, '')) CONTAINS $text OR toLower(p.person_id) CONTAINS $text)
  AND ($skill IS NULL OR any(s IN coalesce(p.skills, []) WHERE toLower(s) = $skill))
  AND ($department IS NULL OR toLower(coalesce(p.department, '')) = $department)
WITH p ORDER BY toLower(coalesce(p.name, p.person_id)), p.person_id
WITH collect(properties(p)) AS found
RETURN size(found) AS total, found[$offset..$offset + $limit] AS page
