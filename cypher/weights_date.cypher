// The date every stored PAIR strength is computed for (null: none stored yet).
OPTIONAL MATCH (m:Meta {key: 'weights'})
RETURN m.as_of AS as_of
