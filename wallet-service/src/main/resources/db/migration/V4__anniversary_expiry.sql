-- A wallet clears once per anniversary day (黄陂: 服务对象的电子钱包在周年对应日清零).
CREATE TABLE wallet_expiry (
    wallet_id   UUID        NOT NULL REFERENCES wallet (id),
    on_date     DATE        NOT NULL,
    reason      VARCHAR(20) NOT NULL,
    amount_fen  BIGINT      NOT NULL CHECK (amount_fen >= 0),
    expired_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (wallet_id, on_date)
);
CREATE INDEX wallet_anniversary ON wallet (reset_rule, (extract(month FROM anniversary)), (extract(day FROM anniversary)));
