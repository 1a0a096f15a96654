-- The monitor engine's state, one row per vehicle: its latest applied `recordedAt` (the
-- watermark), its status and each monitor's condition state for it. Every request that applies
-- samples takes the row (its `version` goes up by one), so that requests for one vehicle on any
-- instance run one after the other, and writes the row with the events it raised in one
-- transaction. A vehicle with no row starts from its seeded status.
CREATE TABLE vehicle_states (
    vin TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    recorded_at BIGINT,
    state TEXT
);

-- The holder of a delivery lease proves it with its token: a claim takes a new one, so a
-- holder whose lease expired and was taken can no longer record anything.
ALTER TABLE leases ADD COLUMN token BIGINT NOT NULL DEFAULT 0;
