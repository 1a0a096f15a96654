-- A fleet's monitors are versioned by their highest revision (the collection's ETag), read
-- from this index alone on every listing and revalidation.
CREATE INDEX monitors_revision_by_fleet ON monitors (fleet_id, revision);
