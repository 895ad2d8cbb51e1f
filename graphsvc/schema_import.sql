-- Lookups the importers need beside schema.sql's: people by exact name, to list possible
-- duplicates (same name, nothing else in common) instead of merging them silently.
CREATE INDEX IF NOT EXISTS person_name ON person (json_extract(props, '$.name'));
