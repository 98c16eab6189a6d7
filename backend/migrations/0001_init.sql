-- Schema of the reference token backend. Applied in order by db::migrate, tracked in
-- PRAGMA user_version (file N sets it to N).
CREATE TABLE tenants (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
