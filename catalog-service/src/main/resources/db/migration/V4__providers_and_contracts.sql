-- Providers (承接主体), registered against the eight conditions of 黄陂 五(二) with evidence for each.
CREATE TABLE provider (
    id             UUID         PRIMARY KEY,
    name           VARCHAR(200) NOT NULL,
    status         VARCHAR(10)  NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'EXPIRED')),
    registered_at  TIMESTAMPTZ  NOT NULL
);

CREATE TABLE provider_qualification (
    provider_id  UUID          NOT NULL REFERENCES provider (id),
    condition_no INT           NOT NULL CHECK (condition_no BETWEEN 1 AND 8),
    evidence     VARCHAR(1000) NOT NULL,
    PRIMARY KEY (provider_id, condition_no)
);

-- A contract names the items and communities served and the operating cycle (第十二条: two years, then re-tender).
CREATE TABLE contract (
    id           UUID        PRIMARY KEY,
    provider_id  UUID        NOT NULL REFERENCES provider (id),
    policy_code  VARCHAR(40) NOT NULL,
    starts_on    DATE        NOT NULL,
    ends_on      DATE        NOT NULL,
    alerted_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    CHECK (ends_on > starts_on),
    CHECK (ends_on < starts_on + INTERVAL '2 years')
);
CREATE TABLE contract_item (
    contract_id UUID        NOT NULL REFERENCES contract (id),
    item_code   VARCHAR(40) NOT NULL,
    PRIMARY KEY (contract_id, item_code)
);
CREATE TABLE contract_community (
    contract_id    UUID        NOT NULL REFERENCES contract (id),
    community_code VARCHAR(40) NOT NULL,
    PRIMARY KEY (contract_id, community_code)
);
