-- A meal's hold is marked, so that the pack's subsidised meals a day (嘉峪关: one love lunch) can be counted.
ALTER TABLE hold ADD COLUMN meal BOOLEAN NOT NULL DEFAULT FALSE;
