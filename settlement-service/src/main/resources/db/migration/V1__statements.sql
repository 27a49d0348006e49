-- One line per completed order, in the accounting month it is settled in.
CREATE TABLE statement_line (
    order_id        UUID        PRIMARY KEY,
    provider_id     UUID        NOT NULL,
    month           CHAR(7)     NOT NULL,
    elder_id        UUID        NOT NULL,
    item_code       VARCHAR(40) NOT NULL,
    unit            VARCHAR(20) NOT NULL,
    unit_price_fen  BIGINT      NOT NULL CHECK (unit_price_fen > 0),
    quantity        INT         NOT NULL CHECK (quantity > 0),
    amount_fen      BIGINT      NOT NULL CHECK (amount_fen > 0),
    subsidy_fen     BIGINT      NOT NULL CHECK (subsidy_fen >= 0),
    self_pay_fen    BIGINT      NOT NULL CHECK (self_pay_fen >= 0),
    service_date    DATE        NOT NULL,
    completed_at    TIMESTAMPTZ NOT NULL,
    verification    VARCHAR(30) NOT NULL,
    CHECK (subsidy_fen + self_pay_fen = amount_fen)
);
CREATE INDEX statement_line_month ON statement_line (month, provider_id);

-- A month is closed once; the primary key is what makes the close happen exactly once across instances.
CREATE TABLE month_close (
    month      CHAR(7)     PRIMARY KEY,
    closed_at  TIMESTAMPTZ NOT NULL,
    closed_by  VARCHAR(200) NOT NULL
);

-- A provider's statement for a closed month (结算汇总表), held until the third-party assessment passes.
CREATE TABLE statement (
    id            UUID        PRIMARY KEY,
    provider_id   UUID        NOT NULL,
    month         CHAR(7)     NOT NULL REFERENCES month_close (month),
    status        VARCHAR(10) NOT NULL CHECK (status IN ('DRAFT', 'HELD', 'APPROVED')),
    line_count    INT         NOT NULL CHECK (line_count > 0),
    amount_fen    BIGINT      NOT NULL,
    subsidy_fen   BIGINT      NOT NULL,
    self_pay_fen  BIGINT      NOT NULL,
    issued_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (provider_id, month)
);
