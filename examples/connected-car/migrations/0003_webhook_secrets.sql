-- Webhook signatures. A monitor's secret is derived from the service's signing key, the
-- monitor's id and the secret's generation, so no secret is stored: only the generation, and
-- when the last rotation happened (deliveries are signed by the previous secret too for a day).
ALTER TABLE monitors ADD COLUMN secret_generation BIGINT NOT NULL DEFAULT 1;
ALTER TABLE monitors ADD COLUMN secret_rotated_at BIGINT;

-- Service-wide settings, such as the signing key made on first use when none is configured.
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
