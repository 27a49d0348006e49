-- An order for a month the elder's wallet has not been credited yet is accepted and waits for that month's money
-- (funding WAITING: the amounts shown are the market price, all self-paid, until the wallet holds it and says how
-- it is paid); it can be completed only once funded (HELD).
ALTER TABLE work_order ADD COLUMN funding VARCHAR(10) NOT NULL DEFAULT 'HELD' CHECK (funding IN ('WAITING', 'HELD'));
CREATE INDEX work_order_waiting ON work_order (id) WHERE funding = 'WAITING';

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
