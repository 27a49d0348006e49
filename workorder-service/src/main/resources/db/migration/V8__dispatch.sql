-- Dispatch (issue 11, ADR 0004): an order is offered to one caregiver, who accepts or declines it; the statuses of
-- the verified visit follow (VisitStatus).
ALTER TABLE work_order DROP CONSTRAINT work_order_status_check;
ALTER TABLE work_order ADD CONSTRAINT work_order_status_check CHECK (status IN ('CREATED', 'DISPATCHED', 'ACCEPTED',
    'CHECKED_IN', 'CHECKED_OUT', 'CONFIRMED', 'COMPLETED', 'CANCELLED'));
ALTER TABLE work_order
    ADD COLUMN caregiver_id  UUID,
    ADD COLUMN dispatched_at TIMESTAMPTZ,
    ADD COLUMN accepted_at   TIMESTAMPTZ;
CREATE INDEX work_order_caregiver ON work_order (caregiver_id, service_date) WHERE caregiver_id IS NOT NULL;

-- The catalog's StaffQualified facts: who may be sent for which items of a pack, until when (the first expiry of
-- their health and professional certificates). One row per staff member and pack, the newest fact wins.
CREATE TABLE staff_copy (
    staff_id        UUID        NOT NULL,
    provider_id     UUID        NOT NULL,
    policy_code     VARCHAR(40) NOT NULL,
    item_codes      TEXT[]      NOT NULL,
    as_of           DATE        NOT NULL,
    qualified_until DATE        NOT NULL,
    PRIMARY KEY (staff_id, policy_code)
);
CREATE INDEX staff_copy_provider ON staff_copy (provider_id, policy_code);
