// Merge organisations by their normalised key.
UNWIND $rows AS row
OPTIONAL MATCH (old:Organization {key: row.key})
WITH row, old IS NULL AS created, old IS NOT NULL AND old.name <> row.name AS changed
MERGE (o:Organization {key: row.key})
SET o.name = row.name
RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated,
       count(*) AS total
