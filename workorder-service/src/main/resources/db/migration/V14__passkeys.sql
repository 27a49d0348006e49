-- The elder's own confirmation with WebAuthn (issue 11, ADR 0004): passkeys registered on the elder's or the family's
-- phone (the authenticator verifies the elder's fingerprint or face), and the one-time challenges the phone signs.
CREATE TABLE elder_passkey (
    credential_id       VARCHAR(400) PRIMARY KEY,   -- base64url, as the authenticator names it
    elder_id            UUID         NOT NULL REFERENCES elder (elder_id),
    attested_credential BYTEA        NOT NULL,      -- AAGUID, credential id and COSE public key, as registered
    sign_count          BIGINT       NOT NULL CHECK (sign_count >= 0),
    label               VARCHAR(60)  NOT NULL,
    registered_by       VARCHAR(100) NOT NULL,
    registered_at       TIMESTAMPTZ  NOT NULL,
    last_used_at        TIMESTAMPTZ,
    revoked_at          TIMESTAMPTZ
);
CREATE INDEX elder_passkey_elder ON elder_passkey (elder_id) WHERE revoked_at IS NULL;

CREATE TABLE webauthn_challenge (
    challenge  VARCHAR(64)  PRIMARY KEY,            -- base64url of 32 random bytes
    purpose    VARCHAR(10)  NOT NULL CHECK (purpose IN ('REGISTER', 'CONFIRM')),
    elder_id   UUID         NOT NULL,
    order_id   UUID,
    issued_at  TIMESTAMPTZ  NOT NULL,
    used_at    TIMESTAMPTZ,
    CHECK ((purpose = 'CONFIRM') = (order_id IS NOT NULL))
);
CREATE INDEX webauthn_challenge_issued ON webauthn_challenge (issued_at);

ALTER TABLE work_order ADD COLUMN confirmation_credential VARCHAR(400);
