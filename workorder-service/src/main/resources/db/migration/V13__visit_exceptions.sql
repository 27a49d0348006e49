-- The exceptions queue (issue 11, ADR 0004): what the platform found wrong with a visit, why (a reason code), the
-- provider's explanation and the bureau's resolution (a resolution code). An exception not resolved holds the visit's
-- completion (and so its payment); all are counted per provider for its evaluation.
CREATE TABLE visit_exception (
    id            UUID         PRIMARY KEY,
    order_id      UUID         NOT NULL REFERENCES work_order (id),
    provider_id   UUID         NOT NULL,
    caregiver_id  UUID,
    region        VARCHAR(40),
    reason        VARCHAR(30)  NOT NULL CHECK (reason IN ('OUTSIDE_GEOFENCE', 'MISSING_CHECK_OUT',
                      'OVERLAPPING_VISITS', 'DURATION_OFF_NORM', 'PHOTO_REUSED', 'IMPOSSIBLE_TRAVEL', 'ELDER_AWAY')),
    detail        VARCHAR(300) NOT NULL,
    status        VARCHAR(10)  NOT NULL CHECK (status IN ('OPEN', 'EXPLAINED', 'RESOLVED')),
    raised_at     TIMESTAMPTZ  NOT NULL,
    explanation   VARCHAR(500),
    explained_by  VARCHAR(100),
    explained_at  TIMESTAMPTZ,
    resolution    VARCHAR(20)  CHECK (resolution IN ('VISIT_STANDS', 'VISIT_NOT_PAID')),
    resolution_note VARCHAR(500),
    resolved_by   VARCHAR(100),
    resolved_at   TIMESTAMPTZ,
    UNIQUE (order_id, reason),
    CHECK ((status = 'RESOLVED') = (resolution IS NOT NULL AND resolved_at IS NOT NULL))
);
CREATE INDEX visit_exception_queue ON visit_exception (status, raised_at) WHERE status <> 'RESOLVED';
CREATE INDEX visit_exception_provider ON visit_exception (provider_id, raised_at);

-- Days an elder is recorded as in hospital or away (the community or the call centre records them): a visit on such a
-- day is an exception.
CREATE TABLE elder_absence (
    id           UUID         PRIMARY KEY,
    elder_id     UUID         NOT NULL REFERENCES elder (elder_id),
    kind         VARCHAR(12)  NOT NULL CHECK (kind IN ('HOSPITALISED', 'AWAY')),
    from_date    DATE         NOT NULL,
    to_date      DATE         NOT NULL,
    recorded_by  VARCHAR(100) NOT NULL,
    recorded_at  TIMESTAMPTZ  NOT NULL,
    CHECK (to_date >= from_date)
);
CREATE INDEX elder_absence_days ON elder_absence (elder_id, from_date, to_date);

-- a caregiver's visits by time, for overlapping visits and travel between them
CREATE INDEX work_order_caregiver_visits ON work_order (caregiver_id, checked_in_at) WHERE checked_in_at IS NOT NULL;
