-- Matching (issue 11, ADR 0004): every offer of an order to a caregiver and how it ended, so that a decline or an
-- offer left unanswered passes the order to the next candidate and never back; an order nobody can take is escalated
-- to its provider's administrator; days a caregiver is not available.
CREATE TABLE dispatch_offer (
    order_id     UUID        NOT NULL REFERENCES work_order (id),
    caregiver_id UUID        NOT NULL,
    offered_at   TIMESTAMPTZ NOT NULL,
    outcome      VARCHAR(10) CHECK (outcome IN ('ACCEPTED', 'DECLINED', 'TIMED_OUT')),
    answered_at  TIMESTAMPTZ,
    PRIMARY KEY (order_id, caregiver_id)
);

ALTER TABLE work_order ADD COLUMN escalated_at TIMESTAMPTZ;
CREATE INDEX work_order_waiting ON work_order (service_date, created_at) WHERE status = 'CREATED';
CREATE INDEX work_order_offered ON work_order (dispatched_at) WHERE status = 'DISPATCHED';

CREATE TABLE caregiver_unavailable (
    id           UUID        PRIMARY KEY,
    staff_id     UUID        NOT NULL,
    from_date    DATE        NOT NULL,
    to_date      DATE        NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL,
    CHECK (to_date >= from_date)
);
CREATE INDEX caregiver_unavailable_staff ON caregiver_unavailable (staff_id, from_date, to_date);
