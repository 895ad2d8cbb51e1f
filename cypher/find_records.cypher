// Records of one kind whose filterable fields equal the given values (names from an allow-list),
// each with its version (kept beside the JSON, where put_records bumps it).
MATCH (r:Record {kind: $kind})
WHERE all(k IN keys($equals) WHERE r[k] = $equals[k])
  AND ($record_id IS NULL OR r.record_id = $record_id)
RETURN r.record_id AS id, r.data AS data, r.version AS version
ORDER BY r.record_id
