-- This service's own copy of the policy-pack versions it enforces, built from the catalog's PolicyPublished events (the
-- whole version as published: rules and categories are public regulatory data, not personal data).
CREATE TABLE policy_pack_copy (
    policy_code     VARCHAR(40) NOT NULL,
    version         INT         NOT NULL,
    effective_from  DATE        NOT NULL,
    pack            JSONB       NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (policy_code, version)
);
CREATE INDEX policy_pack_copy_in_force ON policy_pack_copy (policy_code, effective_from);
