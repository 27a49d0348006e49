-- Subsidy wallets in fen. available/held are the running balances of the ledger's AVAILABLE and HELD accounts,
-- kept on the row (and checked never negative) so that a hold is one locked row update.
CREATE TABLE wallet (
    id             UUID        PRIMARY KEY,
    elder_id       UUID        NOT NULL UNIQUE,
    policy_code    VARCHAR(40) NOT NULL,
    reset_rule     VARCHAR(20) NOT NULL CHECK (reset_rule IN ('MONTHLY', 'ANNIVERSARY')),
    anniversary    DATE        NOT NULL,
    available_fen  BIGINT      NOT NULL CHECK (available_fen >= 0),
    held_fen       BIGINT      NOT NULL CHECK (held_fen >= 0),
    status         VARCHAR(10) NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    opened_at      TIMESTAMPTZ NOT NULL,
    version        BIGINT      NOT NULL
);

-- Each month is credited once per wallet.
CREATE TABLE wallet_credit (
    wallet_id    UUID        NOT NULL REFERENCES wallet (id),
    month        CHAR(7)     NOT NULL,
    amount_fen   BIGINT      NOT NULL CHECK (amount_fen >= 0),
    expired_fen  BIGINT      NOT NULL CHECK (expired_fen >= 0),
    credited_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (wallet_id, month)
);

-- An order's authorisation: how much the subsidy pays and how much the elder pays. One per order.
CREATE TABLE hold (
    order_id      UUID        PRIMARY KEY,
    wallet_id     UUID        NOT NULL REFERENCES wallet (id),
    amount_fen    BIGINT      NOT NULL CHECK (amount_fen > 0),
    subsidy_fen   BIGINT      NOT NULL CHECK (subsidy_fen >= 0),
    self_pay_fen  BIGINT      NOT NULL CHECK (self_pay_fen >= 0),
    status        VARCHAR(10) NOT NULL CHECK (status IN ('HELD', 'CAPTURED', 'RELEASED')),
    created_at    TIMESTAMPTZ NOT NULL,
    settled_at    TIMESTAMPTZ,
    version       BIGINT      NOT NULL,
    CHECK (subsidy_fen + self_pay_fen = amount_fen)
);

-- Double-entry ledger: every posting is two entries summing to zero. FUNDING is the bureau's side.
CREATE TABLE ledger_entry (
    id           BIGSERIAL   PRIMARY KEY,
    posting_id   UUID        NOT NULL,
    wallet_id    UUID        NOT NULL REFERENCES wallet (id),
    account      VARCHAR(12) NOT NULL CHECK (account IN ('FUNDING', 'AVAILABLE', 'HELD', 'SPENT', 'EXPIRED')),
    amount_fen   BIGINT      NOT NULL CHECK (amount_fen <> 0),
    kind         VARCHAR(12) NOT NULL CHECK (kind IN ('CREDIT', 'HOLD', 'CAPTURE', 'RELEASE', 'EXPIRE')),
    reference    VARCHAR(60) NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX ledger_entry_wallet ON ledger_entry (wallet_id, id);

-- What the elder owes the provider for an order beyond the subsidy (超出补贴部分自费).
CREATE TABLE self_pay (
    order_id     UUID        PRIMARY KEY,
    wallet_id    UUID        NOT NULL REFERENCES wallet (id),
    amount_fen   BIGINT      NOT NULL CHECK (amount_fen > 0),
    recorded_at  TIMESTAMPTZ NOT NULL
);
