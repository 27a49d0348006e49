-- The month credit runs wallet by wallet: a wallet's latest credited month tells which month it is due next (the one
-- after, once that latest month is closed), without scanning every credit of the district.
ALTER TABLE wallet ADD COLUMN credited_through VARCHAR(7);
UPDATE wallet w SET credited_through = (SELECT max(month) FROM wallet_credit c WHERE c.wallet_id = w.id);
CREATE INDEX wallet_credited_through ON wallet (credited_through, id) WHERE status = 'OPEN';

-- An order cancelled before (or without) its hold, e.g. when the dispatch service gave up waiting for the wallet's
-- answer: a hold that arrives afterwards is refused, so no money is held for an order that does not exist.
CREATE TABLE released_order (
    order_id     UUID        PRIMARY KEY,
    wallet_id    UUID        NOT NULL REFERENCES wallet (id),
    released_at  TIMESTAMPTZ NOT NULL
);
