-- Platform tables every service carries (versions below 1 so that a service's own migrations start at V1).

-- Transactional outbox: a row commits with the business change; the relay publishes it and marks it sent.
CREATE TABLE outbox_event (
    id             BIGSERIAL    PRIMARY KEY,
    event_id       UUID         NOT NULL UNIQUE,
    topic          VARCHAR(200) NOT NULL,
    message_key    VARCHAR(200) NOT NULL,
    event_type     VARCHAR(100) NOT NULL,
    event_version  INT          NOT NULL,
    trace_id       VARCHAR(64),
    envelope       TEXT         NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at        TIMESTAMPTZ
);
CREATE INDEX outbox_event_unsent ON outbox_event (id) WHERE sent_at IS NULL;

-- Gapless sequence per aggregate; the upsert locks the aggregate's row until commit, which serialises its events.
CREATE TABLE outbox_sequence (
    aggregate_type VARCHAR(50)  NOT NULL,
    aggregate_id   VARCHAR(100) NOT NULL,
    last_sequence  BIGINT       NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id)
);

-- Idempotent consumer: inserted first in the handler's transaction.
CREATE TABLE inbox_event (
    consumer     VARCHAR(100) NOT NULL,
    event_id     UUID         NOT NULL,
    event_type   VARCHAR(100) NOT NULL,
    received_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- ShedLock: scheduled jobs run once per cluster.
CREATE TABLE shedlock (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);
