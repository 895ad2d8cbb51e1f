// People search (graphsvc.search_keys): a text index answers both CONTAINS (search_people)
// and STARTS WITH (people_named) on the stored search key. Applied on every connect.
CREATE TEXT INDEX person_search_key IF NOT EXISTS FOR (p:Person) ON (p.search_key);
