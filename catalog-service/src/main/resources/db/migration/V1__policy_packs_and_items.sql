-- Policy packs: each region's rules as versioned, effective-dated data.
CREATE TABLE policy_pack (
    code                          VARCHAR(40)  NOT NULL,
    version                       INT          NOT NULL CHECK (version > 0),
    region                        VARCHAR(40)  NOT NULL,
    name                          VARCHAR(200) NOT NULL,
    effective_from                DATE         NOT NULL,
    offline_monthly_allowance_fen BIGINT       NOT NULL CHECK (offline_monthly_allowance_fen >= 0),
    online_monthly_fee_fen        BIGINT       NOT NULL CHECK (online_monthly_fee_fen >= 0),
    reset_rule                    VARCHAR(20)  NOT NULL CHECK (reset_rule IN ('MONTHLY', 'ANNIVERSARY')),
    callback_due_hours            INT          NOT NULL CHECK (callback_due_hours > 0),
    PRIMARY KEY (code, version),
    UNIQUE (code, effective_from)
);

-- Service items of a pack: content, the policy's own service standard, unit and price in fen.
CREATE TABLE service_item (
    policy_code  VARCHAR(40)  NOT NULL,
    code         VARCHAR(40)  NOT NULL,
    category     VARCHAR(30)  NOT NULL,
    name         VARCHAR(100) NOT NULL,
    content      TEXT         NOT NULL,
    standard     TEXT,
    mode         VARCHAR(10)  NOT NULL CHECK (mode IN ('ONLINE', 'OFFLINE')),
    unit         VARCHAR(20)  NOT NULL CHECK (unit IN ('PER_TIME', 'PER_HOUR', 'PER_MEAL', 'PER_MONTH')),
    price_fen    BIGINT       NOT NULL CHECK (price_fen > 0),
    PRIMARY KEY (policy_code, code)
);
