-- What the dispatch service enforces of the catalog's facts, as its own copies built from the catalog's events
-- (PriceListPublished, ProviderContracted, ContractEnded, ProviderSuspended): orders are quoted and providers checked
-- here, without asking the catalog. The policy packs' copy is the platform's policy_pack_copy.
CREATE TABLE item_price_copy (
    policy_code     VARCHAR(40) NOT NULL,
    item_code       VARCHAR(40) NOT NULL,
    effective_from  DATE        NOT NULL,
    category        VARCHAR(40) NOT NULL,
    unit            VARCHAR(20) NOT NULL,
    mode            VARCHAR(10) NOT NULL,
    delivered       BOOLEAN     NOT NULL,
    price_fen       BIGINT      NOT NULL CHECK (price_fen > 0),
    PRIMARY KEY (policy_code, item_code, effective_from)
);

CREATE TABLE provider_contract_copy (
    contract_id      UUID        PRIMARY KEY,
    provider_id      UUID        NOT NULL,
    policy_code      VARCHAR(40) NOT NULL,
    starts_on        DATE        NOT NULL,
    ends_on          DATE        NOT NULL,
    ended_on         DATE,
    item_codes       TEXT[]      NOT NULL,
    community_codes  TEXT[]      NOT NULL
);
CREATE INDEX provider_contract_copy_provider ON provider_contract_copy (provider_id, policy_code);

CREATE TABLE provider_suspension_copy (
    provider_id   UUID         PRIMARY KEY,
    suspended_at  TIMESTAMPTZ  NOT NULL
);

-- An order given up because the wallet did not answer: its cancellation was published, so the same order (the same
-- Idempotency-Key) is never placed again — a late hold for it is released or refused by the wallet.
CREATE TABLE abandoned_order (
    order_id      UUID        PRIMARY KEY,
    abandoned_at  TIMESTAMPTZ NOT NULL
);
