-- An order for a month the wallet has not been credited yet waits (status WAITING, nothing held) until that month is
-- credited (and, for a wallet cleared on anniversaries, its year cleared); then it is held from that month's money.
ALTER TABLE hold DROP CONSTRAINT hold_status_check;
ALTER TABLE hold ADD CONSTRAINT hold_status_check CHECK (status IN ('WAITING', 'HELD', 'CAPTURED', 'RELEASED'));
ALTER TABLE hold DROP CONSTRAINT hold_amount_fen_check;
ALTER TABLE hold ADD CONSTRAINT hold_amount_fen_check CHECK (amount_fen > 0 OR status IN ('WAITING', 'RELEASED'));
-- amount + discount = list holds once the order is priced; a waiting order (or one cancelled while waiting) has none
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
             WHERE conrelid = 'hold'::regclass AND contype = 'c'
               AND pg_get_constraintdef(oid) LIKE '%(amount_fen + discount_fen) = list_amount_fen%'
    LOOP
        EXECUTE format('ALTER TABLE hold DROP CONSTRAINT %I', c.conname);
    END LOOP;
END $$;
ALTER TABLE hold ADD CONSTRAINT hold_priced_check
    CHECK (amount_fen = 0 AND status IN ('WAITING', 'RELEASED') OR amount_fen + discount_fen = list_amount_fen);
-- the pack's delivery fee, kept apart so a waiting hold is priced later exactly as it was asked for
ALTER TABLE hold ADD COLUMN delivery_fee_fen BIGINT NOT NULL DEFAULT 0 CHECK (delivery_fee_fen >= 0);
CREATE INDEX hold_waiting ON hold (wallet_id, created_at) WHERE status = 'WAITING';
-- the reset rule the hold's money was taken under: a later approval may change the wallet's rule, never a hold's
ALTER TABLE hold ADD COLUMN reset_rule VARCHAR(20) CHECK (reset_rule IN ('MONTHLY', 'ANNIVERSARY'));
