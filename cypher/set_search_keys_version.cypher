// Record the version of graphsvc.search_keys that made every stored search key.
MERGE (m:Meta {key: 'search_keys'})
SET m.version = $version
