// Delete records by kind and id.
UNWIND $rows AS row
MATCH (r:Record {record_key: row.kind + ':' + row.id})
DETACH DELETE r
