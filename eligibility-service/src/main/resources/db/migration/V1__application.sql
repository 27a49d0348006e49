-- An application for government-purchased care and its decision. Personal data (name, ID number, address) joins
-- with the encrypted elder file; this table holds ids and codes only.
CREATE TABLE application (
    id              UUID         PRIMARY KEY,
    elder_id        UUID         NOT NULL,
    policy_code     VARCHAR(40)  NOT NULL,
    category        VARCHAR(40)  NOT NULL,
    community_code  VARCHAR(40)  NOT NULL,
    service_start   DATE         NOT NULL,
    status          VARCHAR(20)  NOT NULL CHECK (status IN ('SUBMITTED', 'APPROVED', 'REJECTED')),
    submitted_at    TIMESTAMPTZ  NOT NULL,
    decided_at      TIMESTAMPTZ,
    decision_note   VARCHAR(500),
    version         BIGINT       NOT NULL
);
CREATE INDEX application_elder ON application (elder_id);
-- One approved application per elder and policy.
CREATE UNIQUE INDEX application_one_approved ON application (elder_id, policy_code) WHERE status = 'APPROVED';
