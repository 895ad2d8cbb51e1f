// Stored people with one of the given ids, (lower-cased) e-mails, LinkedIn URLs or exact names:
// the importers' lookup for merging sources into one person and for spotting possible duplicates.
CALL {
  UNWIND $ids AS id MATCH (p:Person {person_id: id}) RETURN p
  UNION
  UNWIND $emails AS email MATCH (p:Person {email: email}) RETURN p
  UNION
  UNWIND $urls AS url MATCH (p:Person {linkedin_url: url}) RETURN p
  UNION
  UNWIND $names AS name MATCH (p:Person {name: name}) RETURN p
}
RETURN properties(p) AS props
