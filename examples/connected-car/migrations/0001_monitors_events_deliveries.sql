-- Portable SQL: the same file migrates SQLite and PostgreSQL.
-- Monitors, the events they raised, and each event's delivery to the monitor's webhook.
-- Times are milliseconds since the Unix epoch; documents are JSON text.

-- One counter per name; `revision` orders changes to monitors, so that every instance
-- can load the changes it has not seen.
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('revision', 0), ('monitor', 0), ('event', 0);

CREATE TABLE monitors (
    id TEXT PRIMARY KEY,
    fleet_id TEXT NOT NULL,
    -- Creation order, for paging.
    position BIGINT NOT NULL,
    parameter TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    revision BIGINT NOT NULL,
    -- Deleted monitors stay as tombstones so that other instances learn of the deletion.
    deleted BIGINT NOT NULL DEFAULT 0,
    -- Deliveries that ended failed or dropped in a row.
    failures BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX monitors_by_fleet ON monitors (fleet_id, deleted, position);
CREATE INDEX monitors_by_revision ON monitors (revision);

CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    monitor_id TEXT NOT NULL,
    vin TEXT NOT NULL,
    -- Raising order within the service, which deliveries of one monitor follow.
    position BIGINT NOT NULL,
    raised_at BIGINT NOT NULL,
    body TEXT NOT NULL,
    -- pending, delivered, failed (attempts used up) or dropped (retried for three days).
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_status BIGINT,
    last_error TEXT,
    -- The batch an event was first sent in; retries send the same batch again.
    batch_id TEXT
);
CREATE INDEX events_by_monitor ON events (monitor_id, position);
-- Each monitor's oldest pending event, found without reading the others.
CREATE INDEX events_pending_heads ON events (state, monitor_id, position);

-- Which instance delivers a monitor's events, until when.
CREATE TABLE leases (
    monitor_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
