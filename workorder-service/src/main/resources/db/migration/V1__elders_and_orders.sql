-- Elders approved for service, as learnt from ApplicationApproved (ids and codes only).
CREATE TABLE elder (
    elder_id        UUID        PRIMARY KEY,
    policy_code     VARCHAR(40) NOT NULL,
    category        VARCHAR(40) NOT NULL,
    community_code  VARCHAR(40) NOT NULL,
    service_start   DATE        NOT NULL,
    registered_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE work_order (
    id              UUID        PRIMARY KEY,
    elder_id        UUID        NOT NULL REFERENCES elder (elder_id),
    provider_id     UUID        NOT NULL,
    item_code       VARCHAR(40) NOT NULL,
    policy_code     VARCHAR(40) NOT NULL,
    policy_version  INT         NOT NULL,
    unit            VARCHAR(20) NOT NULL,
    unit_price_fen  BIGINT      NOT NULL CHECK (unit_price_fen > 0),
    quantity        INT         NOT NULL CHECK (quantity > 0),
    amount_fen      BIGINT      NOT NULL CHECK (amount_fen > 0),
    subsidy_fen     BIGINT      NOT NULL CHECK (subsidy_fen >= 0),
    self_pay_fen    BIGINT      NOT NULL CHECK (self_pay_fen >= 0),
    service_date    DATE        NOT NULL,
    channel         VARCHAR(20) NOT NULL CHECK (channel IN ('APP', 'HOTLINE', 'COMMUNITY', 'FRONT_DESK')),
    status          VARCHAR(20) NOT NULL CHECK (status IN ('CREATED', 'COMPLETED', 'CANCELLED')),
    verification    VARCHAR(30),
    cancel_reason   VARCHAR(200),
    created_at      TIMESTAMPTZ NOT NULL,
    completed_at    TIMESTAMPTZ,
    cancelled_at    TIMESTAMPTZ,
    version         BIGINT      NOT NULL,
    CHECK (subsidy_fen + self_pay_fen = amount_fen),
    CHECK (amount_fen = unit_price_fen * quantity)
);
CREATE INDEX work_order_elder ON work_order (elder_id, service_date);
CREATE INDEX work_order_provider ON work_order (provider_id, service_date);
