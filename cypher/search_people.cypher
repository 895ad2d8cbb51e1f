// One page of people whose search key contains $text (folded by the caller, '' for any), having
// $skill, in $department (lower-cased; null means any), sorted as graphsvc.store.search_order
// sorts: lower-cased name (else id), then id. The key's part after $email_mark (the e-mail) is
// searched only when $all_emails, or for the person $own_email (graphsvc.visibility.email_search).
MATCH (p:Person)
WHERE ($text = '' OR (p.search_key CONTAINS $text
       AND ($all_emails OR p.person_id = $own_email OR split(p.search_key, $email_mark)[0] CONTAINS $text)))
  AND ($skill IS NULL OR any(s IN coalesce(p.skills, []) WHERE toLower(s) = $skill))
  AND ($department IS NULL OR toLower(coalesce(p.department, '')) = $department)
WITH p ORDER BY toLower(coalesce(p.name, p.person_id)), p.person_id
WITH collect(properties(p)) AS found
RETURN size(found) AS total, found[$offset..$offset + $limit] AS page
