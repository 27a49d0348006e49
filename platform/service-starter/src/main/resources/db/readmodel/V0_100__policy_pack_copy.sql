-- The platform's read model of the policy packs (PolicyPacks): a service's own copy of the policy-pack versions it
-- enforces, built from the catalog's PolicyPublished events (the whole version as published: rules and categories
-- are public regulatory data, not personal data). Applied by every service that imports PolicyPacks.
-- IF NOT EXISTS: a database migrated before this file existed already holds the table from the service's own copy of
-- this DDL (ADR 0005); there the migration only records itself.
CREATE TABLE IF NOT EXISTS policy_pack_copy (
    policy_code     VARCHAR(40) NOT NULL,
    version         INT         NOT NULL,
    effective_from  DATE        NOT NULL,
    pack            JSONB       NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (policy_code, version)
);
CREATE INDEX IF NOT EXISTS policy_pack_copy_in_force ON policy_pack_copy (policy_code, effective_from);
