-- An order is stored before the wallet is asked (funding PENDING: a sweep asks again if the answer never came, or
-- gives it up and releases any hold). An order for a month the elder's wallet has not been credited yet is accepted
-- and waits for that month's money (WAITING: the amounts shown are the market price, all self-paid, until the wallet
-- holds it and says how it is paid); it can be completed only once funded (HELD).
ALTER TABLE work_order ADD COLUMN funding VARCHAR(10) NOT NULL DEFAULT 'HELD'
    CHECK (funding IN ('PENDING', 'WAITING', 'HELD'));
CREATE INDEX work_order_unfunded ON work_order (created_at) WHERE funding <> 'HELD';
-- what the wallet was asked, exactly, so that an order whose answer was lost is asked again unchanged
ALTER TABLE work_order ADD COLUMN hold_request TEXT;
-- the elder's community when the order was placed: the provider is paid for the community it served, even if the
-- elder has moved since
ALTER TABLE work_order ADD COLUMN community_code VARCHAR(40);
CREATE INDEX work_order_unfinished ON work_order (service_date) WHERE status = 'CREATED';

-- The wallet's FundsHeld for an order this service has not stored yet (its event can overtake the order's commit);
-- the order takes it when it is stored, and the row goes.
CREATE TABLE funds_held_copy (
    order_id         UUID        PRIMARY KEY,
    list_amount_fen  BIGINT      NOT NULL,
    discount_fen     BIGINT      NOT NULL,
    subsidy_fen      BIGINT      NOT NULL,
    self_pay_fen     BIGINT      NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL
);
