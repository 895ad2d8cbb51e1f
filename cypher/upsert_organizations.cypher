// Create the organisations not stored yet; a stored one keeps the name it was first given
// (sources spell one employer many ways, and the last file must not rename it back and forth).
UNWIND $rows AS row
OPTIONAL MATCH (old:Organization {key: row.key})
WITH row, old IS NULL AS created
MERGE (o:Organization {key: row.key})
  ON CREATE SET o.name = row.name
RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, 0 AS updated, count(*) AS total
