-- A statement line is written from the wallet's capture (FundsCaptured), not from the completion alone: a completion
-- waits here for its capture (the two arrive on different topics, in either order), and a completion whose capture
-- never came is never paid.
CREATE TABLE completion (
    order_id        UUID        PRIMARY KEY,
    provider_id     UUID        NOT NULL,
    elder_id        UUID        NOT NULL,
    item_code       VARCHAR(40) NOT NULL,
    unit            VARCHAR(20) NOT NULL,
    unit_price_fen  BIGINT      NOT NULL,
    quantity        INT         NOT NULL,
    service_date    DATE        NOT NULL,
    completed_at    TIMESTAMPTZ NOT NULL,
    verification    VARCHAR(30) NOT NULL
);

CREATE TABLE capture (
    order_id      UUID        PRIMARY KEY,
    subsidy_fen   BIGINT      NOT NULL CHECK (subsidy_fen >= 0),
    self_pay_fen  BIGINT      NOT NULL CHECK (self_pay_fen >= 0),
    received_at   TIMESTAMPTZ NOT NULL
);

-- lines written before, from completions alone, stay as they were
INSERT INTO completion (order_id, provider_id, elder_id, item_code, unit, unit_price_fen, quantity, service_date,
                        completed_at, verification)
SELECT order_id, provider_id, elder_id, item_code, unit, unit_price_fen, quantity, service_date, completed_at,
       verification FROM statement_line;
INSERT INTO capture (order_id, subsidy_fen, self_pay_fen, received_at)
SELECT order_id, subsidy_fen, self_pay_fen, completed_at FROM statement_line;
