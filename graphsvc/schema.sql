-- The embedded store's durable form. Every write runs in one transaction and bumps
-- meta.version, recording which people it touched in change, so that other processes
-- holding an in-memory graph of this file can catch up before they answer.
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
-- weights_as_of: the date (proleptic ordinal; 0 = none yet) every pair weight is computed for.
-- search_keys: the graphsvc.search_keys.SEARCH_KEYS_VERSION person.search_key was made by.
INSERT OR IGNORE INTO meta (key, value) VALUES ('version', 0), ('log_floor', 0), ('weights_as_of', 0),
    ('search_keys', 0);

-- props holds every property as canonical JSON (sorted keys); email and linkedin_url are
-- copied out so they can be unique and looked up. search_key is what people search compares
-- (graphsvc.search_keys), written with props; a file made before it had the column gains it
-- when opened (EmbeddedStore).
CREATE TABLE IF NOT EXISTS person (
    person_id    TEXT PRIMARY KEY,
    email        TEXT UNIQUE,
    linkedin_url TEXT,
    props        TEXT NOT NULL,
    search_key   TEXT
);
CREATE INDEX IF NOT EXISTS person_linkedin ON person (linkedin_url);
-- A whole name is the start of the key (people_named); other searches read the column through.
CREATE INDEX IF NOT EXISTS person_search_key ON person (search_key);

-- One row per relationship. Undirected types are kept with source < target.
CREATE TABLE IF NOT EXISTS tie (
    type   TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    disc   TEXT NOT NULL,
    props  TEXT NOT NULL,
    PRIMARY KEY (type, source, target, disc)
) WITHOUT ROWID;
-- (source, target): a pair's ties are looked up by both ends (re-weighing, explanations).
DROP INDEX IF EXISTS tie_source;
CREATE INDEX IF NOT EXISTS tie_source_target ON tie (source, target);
CREATE INDEX IF NOT EXISTS tie_target ON tie (target);

-- One row per pair of people with any tie (a < b): the combined strength of all their
-- evidence as of meta.weights_as_of. Path search reads only this, never the evidence.
CREATE TABLE IF NOT EXISTS pair (
    a        TEXT NOT NULL,
    b        TEXT NOT NULL,
    strength REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pair_b ON pair (b);

CREATE TABLE IF NOT EXISTS organization (
    key  TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS works_at (
    person_id TEXT NOT NULL,
    org_key   TEXT NOT NULL,
    since     TEXT NOT NULL,
    props     TEXT NOT NULL,
    PRIMARY KEY (person_id, org_key, since)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS works_at_org ON works_at (org_key);

-- person_id '*' means "too much changed: reload everything".
CREATE TABLE IF NOT EXISTS change (
    version   INTEGER NOT NULL,
    person_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS change_version ON change (version);
