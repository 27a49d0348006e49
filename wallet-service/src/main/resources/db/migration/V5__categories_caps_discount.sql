-- A wallet is credited by its elder's eligibility category (the pack's amount for that category).
ALTER TABLE wallet ADD COLUMN category VARCHAR(40);

-- A hold keeps the market amount of the order, the pack's self-pay discount on the part the subsidy does not pay
-- (嘉峪关 第四条), and the service day (for the per-day cap of 第十六条(五)). amount = what the order costs with the
-- discount = subsidy + self-pay; list = amount + discount.
ALTER TABLE hold
    ADD COLUMN list_amount_fen BIGINT,
    ADD COLUMN discount_fen    BIGINT NOT NULL DEFAULT 0 CHECK (discount_fen >= 0),
    ADD COLUMN service_date    DATE;
UPDATE hold SET list_amount_fen = amount_fen, service_date = (created_at AT TIME ZONE 'Asia/Shanghai')::date;
ALTER TABLE hold
    ALTER COLUMN list_amount_fen SET NOT NULL,
    ALTER COLUMN service_date SET NOT NULL,
    ADD CHECK (amount_fen + discount_fen = list_amount_fen);
CREATE INDEX hold_wallet_day ON hold (wallet_id, service_date);
