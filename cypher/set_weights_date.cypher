// Record the date the PAIR strengths are computed for.
MERGE (m:Meta {key: 'weights'})
SET m.as_of = $as_of
