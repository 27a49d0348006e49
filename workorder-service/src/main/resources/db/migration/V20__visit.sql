-- The visit's evidence leaves work_order for a table of its own, one row per order (keyed by the order id): who was
-- sent and when, the check-in and check-out with their distances and photos, the elder's confirmation, the billed
-- minutes. Every order's row is copied as it stands, then the columns are dropped from work_order. The order keeps its
-- status, money, funding and how its completion was verified.
CREATE TABLE visit (
    order_id                UUID         PRIMARY KEY REFERENCES work_order (id) ON DELETE CASCADE,
    caregiver_id            UUID,
    dispatched_at           TIMESTAMPTZ,
    accepted_at             TIMESTAMPTZ,
    checked_in_at           TIMESTAMPTZ,
    check_in_distance_m     INT          CHECK (check_in_distance_m >= 0),
    check_in_photo          VARCHAR(64),
    checked_out_at          TIMESTAMPTZ,
    check_out_distance_m    INT          CHECK (check_out_distance_m >= 0),
    check_out_photo         VARCHAR(64),
    confirmed_at            TIMESTAMPTZ,
    confirmation_method     VARCHAR(30)  CHECK (confirmation_method IN ('KIOSK_FACE', 'WEBAUTHN',
                                                                        'WITNESSED_SIGNATURE')),
    confirmation_score      NUMERIC(4, 3),
    confirmation_signature  VARCHAR(64),
    confirmation_note       VARCHAR(200),
    confirmation_credential VARCHAR(400),
    billed_minutes          INT          CHECK (billed_minutes > 0),
    CONSTRAINT visit_checked_out_after_in CHECK (checked_out_at IS NULL OR checked_out_at >= checked_in_at),
    CONSTRAINT visit_witnessed_signature CHECK (confirmation_method IS DISTINCT FROM 'WITNESSED_SIGNATURE'
        OR (confirmation_signature IS NOT NULL AND confirmation_note IS NOT NULL))
);

INSERT INTO visit (order_id, caregiver_id, dispatched_at, accepted_at, checked_in_at, check_in_distance_m,
                   check_in_photo, checked_out_at, check_out_distance_m, check_out_photo, confirmed_at,
                   confirmation_method, confirmation_score, confirmation_signature, confirmation_note,
                   confirmation_credential, billed_minutes)
SELECT id, caregiver_id, dispatched_at, accepted_at, checked_in_at, check_in_distance_m, check_in_photo,
       checked_out_at, check_out_distance_m, check_out_photo, confirmed_at, confirmation_method, confirmation_score,
       confirmation_signature, confirmation_note, confirmation_credential, billed_minutes
FROM work_order;

-- what matching, the caregiver's list and the exceptions' checks look visits up by
CREATE INDEX visit_caregiver ON visit (caregiver_id) WHERE caregiver_id IS NOT NULL;
CREATE INDEX visit_caregiver_checked_in ON visit (caregiver_id, checked_in_at) WHERE checked_in_at IS NOT NULL;
CREATE INDEX visit_caregiver_checked_out ON visit (caregiver_id, checked_out_at) WHERE checked_out_at IS NOT NULL;
CREATE INDEX visit_photo_in ON visit (check_in_photo) WHERE check_in_photo IS NOT NULL;
CREATE INDEX visit_photo_out ON visit (check_out_photo) WHERE check_out_photo IS NOT NULL;
-- offers waiting for an answer (their age is the visit's dispatched_at)
CREATE INDEX work_order_dispatched ON work_order (id) WHERE status = 'DISPATCHED';
CREATE INDEX work_order_checked_in ON work_order (id) WHERE status = 'CHECKED_IN';

ALTER TABLE work_order DROP CONSTRAINT work_order_checked_out_after_in;
ALTER TABLE work_order DROP CONSTRAINT work_order_witnessed_signature;
DROP INDEX work_order_caregiver;
DROP INDEX work_order_caregiver_visits;
DROP INDEX work_order_photo_in;
DROP INDEX work_order_photo_out;
DROP INDEX work_order_offered;
ALTER TABLE work_order
    DROP COLUMN caregiver_id,
    DROP COLUMN dispatched_at,
    DROP COLUMN accepted_at,
    DROP COLUMN checked_in_at,
    DROP COLUMN check_in_distance_m,
    DROP COLUMN check_in_photo,
    DROP COLUMN checked_out_at,
    DROP COLUMN check_out_distance_m,
    DROP COLUMN check_out_photo,
    DROP COLUMN confirmed_at,
    DROP COLUMN confirmation_method,
    DROP COLUMN confirmation_score,
    DROP COLUMN confirmation_signature,
    DROP COLUMN confirmation_note,
    DROP COLUMN confirmation_credential,
    DROP COLUMN billed_minutes;
