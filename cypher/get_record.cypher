// One record by kind and id, found through the record_key constraint's index rather than
// among every record of its kind: the web UI reads the viewer's account on every request.
MATCH (r:Record {record_key: $kind + ':' + $record_id})
RETURN r.record_id AS id, r.data AS data, r.version AS version
