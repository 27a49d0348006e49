-- An order keeps its market amount (priced by the catalog: unit price × quantity, or the billed minutes of an hourly
-- item, plus a delivered meal's fee) and what the self-pay discount took off it; amount = subsidy + self-pay is what
-- the order costs. The old rule amount = unit price × quantity no longer holds for minutes or discounts.
ALTER TABLE work_order
    ADD COLUMN list_amount_fen BIGINT,
    ADD COLUMN discount_fen    BIGINT NOT NULL DEFAULT 0 CHECK (discount_fen >= 0);
UPDATE work_order SET list_amount_fen = amount_fen;
ALTER TABLE work_order ALTER COLUMN list_amount_fen SET NOT NULL;
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
             WHERE conrelid = 'work_order'::regclass AND contype = 'c'
               AND pg_get_constraintdef(oid) LIKE '%unit_price_fen * quantity%'
    LOOP
        EXECUTE format('ALTER TABLE work_order DROP CONSTRAINT %I', c.conname);
    END LOOP;
END $$;
ALTER TABLE work_order ADD CHECK (amount_fen + discount_fen = list_amount_fen);
