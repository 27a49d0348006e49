-- A visit confirmed by a signature the caregiver witnessed is not paid until the call centre has called the elder
-- back (issue 11, ADR 0004): it waits as a WITNESSED_SIGNATURE exception, which the callback's outcome resolves.
ALTER TABLE visit_exception DROP CONSTRAINT visit_exception_reason_check;
ALTER TABLE visit_exception ADD CONSTRAINT visit_exception_reason_check CHECK (reason IN ('OUTSIDE_GEOFENCE',
    'MISSING_CHECK_OUT', 'OVERLAPPING_VISITS', 'DURATION_OFF_NORM', 'PHOTO_REUSED', 'IMPOSSIBLE_TRAVEL', 'ELDER_AWAY',
    'WITNESSED_SIGNATURE'));
