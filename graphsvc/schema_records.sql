-- Goals, introductions, accounts and the audit log (graphsvc/records.py), one JSON row each.
CREATE TABLE IF NOT EXISTS record (
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    data      TEXT NOT NULL,
    PRIMARY KEY (kind, record_id)
) WITHOUT ROWID;
