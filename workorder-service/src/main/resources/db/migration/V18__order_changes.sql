-- A change of day, item or quantity is asked for through the platform (嘉峪关 第十六条(二)): the order is re-quoted and
-- re-held as a new order that replaces it; the old one is then cancelled, its hold released.
ALTER TABLE work_order ADD COLUMN replaces UUID REFERENCES work_order (id);
CREATE UNIQUE INDEX work_order_replaced_once ON work_order (replaces) WHERE replaces IS NOT NULL;

-- An order served without a visit (a dine-in meal at the canteen, completed by the terminal's face match) is never
-- offered to a caregiver.
ALTER TABLE work_order ADD COLUMN dispatchable BOOLEAN NOT NULL DEFAULT TRUE;
DROP INDEX work_order_waiting;
CREATE INDEX work_order_waiting ON work_order (service_date, created_at) WHERE status = 'CREATED' AND dispatchable;
