-- Rules the wallet and the dispatch service need from a pack. Huangpi's policy is silent on rounding hourly services;
-- billing started half hours is seeded as editable data.
ALTER TABLE policy_pack
    ADD COLUMN hourly_rounding       VARCHAR(20) NOT NULL DEFAULT 'HALF_HOUR_UP'
        CHECK (hourly_rounding IN ('MINUTE', 'HALF_HOUR_UP', 'HOUR_UP')),
    ADD COLUMN self_pay_discount_bps INT         NOT NULL DEFAULT 0
        CHECK (self_pay_discount_bps BETWEEN 0 AND 10000),
    ADD COLUMN per_order_cap_fen     BIGINT      CHECK (per_order_cap_fen > 0),
    ADD COLUMN per_day_cap_fen       BIGINT      CHECK (per_day_cap_fen > 0),
    ADD COLUMN delivery_fee_fen      BIGINT      CHECK (delivery_fee_fen >= 0);
