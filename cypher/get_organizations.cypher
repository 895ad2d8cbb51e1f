// Display name of each stored organisation, by normalised key.
UNWIND $keys AS key
MATCH (o:Organization {key: key})
RETURN o.key AS key, o.name AS name
