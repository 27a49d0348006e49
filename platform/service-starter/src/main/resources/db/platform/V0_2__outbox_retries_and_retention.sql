-- A row that cannot be sent is retried with its error recorded, and parked after some attempts (OutboxRelay).
-- Applied out of order on databases that already hold a service's V1.. (spring.flyway.out-of-order, platform README).
ALTER TABLE outbox_event
    ADD COLUMN attempts        INT         NOT NULL DEFAULT 0,
    ADD COLUMN last_error      TEXT,
    ADD COLUMN next_attempt_at TIMESTAMPTZ,
    ADD COLUMN parked_at       TIMESTAMPTZ;

-- What the relay reads: unsent and not parked, in id order (rows backing off are filtered by time).
DROP INDEX outbox_event_unsent;
CREATE INDEX outbox_event_unsent ON outbox_event (id) WHERE sent_at IS NULL AND parked_at IS NULL;
-- An earlier unsent row of the same aggregate holds the later ones back (the relay's NOT EXISTS).
CREATE INDEX outbox_event_unsent_by_key ON outbox_event (topic, message_key, id) WHERE sent_at IS NULL;
-- The operators' list and the parked gauge.
CREATE INDEX outbox_event_parked ON outbox_event (id) WHERE parked_at IS NOT NULL AND sent_at IS NULL;
-- Retention: rows sent long ago, inbox rows received long ago.
CREATE INDEX outbox_event_sent ON outbox_event (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX inbox_event_received ON inbox_event (received_at);
