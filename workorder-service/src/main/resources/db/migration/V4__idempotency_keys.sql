-- Idempotency-Key of POST /orders, the way payment APIs keep them: scoped by the caller (token subject), stored with
-- a hash of the request body and the order it placed (the order id is fixed when the key is first seen, so a retry
-- after a lost answer holds and places the same order). Kept 24 hours.
CREATE TABLE idempotency_key (
    caller        VARCHAR(200) NOT NULL,
    idem_key      VARCHAR(100) NOT NULL,
    request_hash  CHAR(64)     NOT NULL,
    order_id      UUID         NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (caller, idem_key)
);
CREATE INDEX idempotency_key_age ON idempotency_key (created_at);
