-- The elder's own confirmation (issue 11, ADR 0004). Canteen and kiosk terminals are registered by the bureau with the
-- public key their face-match assertions are signed with; an assertion's nonce is accepted once per terminal.
CREATE TABLE kiosk_terminal (
    id            UUID         PRIMARY KEY,
    name          VARCHAR(100) NOT NULL,
    region        VARCHAR(40)  NOT NULL,
    public_key    TEXT         NOT NULL,
    registered_by VARCHAR(100) NOT NULL,
    registered_at TIMESTAMPTZ  NOT NULL,
    revoked_at    TIMESTAMPTZ
);

CREATE TABLE kiosk_assertion (
    terminal_id UUID        NOT NULL REFERENCES kiosk_terminal (id),
    nonce       VARCHAR(64) NOT NULL,
    order_id    UUID        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (terminal_id, nonce)
);

ALTER TABLE work_order
    ADD COLUMN confirmed_at        TIMESTAMPTZ,
    ADD COLUMN confirmation_method VARCHAR(30) CHECK (confirmation_method IN ('KIOSK_FACE', 'WEBAUTHN',
        'WITNESSED_SIGNATURE')),
    ADD COLUMN confirmation_score  NUMERIC(4, 3);
