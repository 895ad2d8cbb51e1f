// The version of graphsvc.search_keys that made the stored search keys (null: not recorded).
OPTIONAL MATCH (m:Meta {key: 'search_keys'})
RETURN m.version AS version
