// Passable people (active, open to introductions) with the highest stored analytics metric.
// $metric is one of a fixed allow-list checked by the caller (graphsvc.model.ANALYTICS_FIELDS).
MATCH (p:Person)
WHERE p[$metric] IS NOT NULL AND coalesce(p.active, true) AND coalesce(p.open_to_intros, true)
  AND ($department IS NULL OR toLower(coalesce(p.department, '')) = $department)
RETURN properties(p) AS props
ORDER BY p[$metric] DESC, p.person_id
LIMIT $limit
