-- What the call centre heard when it called the elder back (issue 11): VISIT_CONFIRMED or VISIT_DENIED ends the
-- callback (DONE); a call nobody answered is counted and the callback stays OPEN. A callback flagged
-- WITNESSED_SIGNATURE is opened when the visit is confirmed, before it is paid: its outcome decides the payment.
ALTER TABLE callback ADD COLUMN outcome VARCHAR(20) CHECK (outcome IN ('VISIT_CONFIRMED', 'VISIT_DENIED'));
ALTER TABLE callback ADD COLUMN attempts INT NOT NULL DEFAULT 0 CHECK (attempts >= 0);
ALTER TABLE callback ADD COLUMN last_attempt_at TIMESTAMPTZ;
ALTER TABLE callback ADD COLUMN done_at TIMESTAMPTZ;
ALTER TABLE callback ADD COLUMN done_by VARCHAR(100);
ALTER TABLE callback ADD COLUMN note VARCHAR(500);
-- callbacks done before outcomes were recorded have none
ALTER TABLE callback ADD CONSTRAINT callback_done_has_outcome
    CHECK ((status = 'DONE') = (outcome IS NOT NULL AND done_at IS NOT NULL)) NOT VALID;
