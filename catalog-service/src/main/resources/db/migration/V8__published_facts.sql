-- Which facts the catalog has published (PolicyPublished v2, a price, a contract, a suspension, a contract's end): a
-- fact is published through the outbox exactly once, whether it was seeded by a migration, loaded as demo data or
-- made through the API, so that a consumer started on an empty database rebuilds everything from offset 0.
CREATE TABLE published_fact (
    kind          VARCHAR(30)  NOT NULL,
    fact_key      VARCHAR(200) NOT NULL,
    published_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, fact_key)
);
-- A contract that has run out is announced once (ContractEnded).
ALTER TABLE contract ADD COLUMN ended_at TIMESTAMPTZ;
