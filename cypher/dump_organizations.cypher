// Every organisation in key order, for a dump (graphsvc/dump.py).
MATCH (o:Organization) WHERE o.key IS NOT NULL
RETURN o.key AS key, o.name AS name
ORDER BY o.key
