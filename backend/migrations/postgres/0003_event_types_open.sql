-- SQLite's migration 0007 (backend/migrations/0007_event_types_open.sql): `token_events.type`
-- takes any kind the wire contract's `EventKind` spells.
ALTER TABLE token_events DROP CONSTRAINT token_events_type_check;
ALTER TABLE token_events ADD CONSTRAINT token_events_type_check CHECK (type <> '');
