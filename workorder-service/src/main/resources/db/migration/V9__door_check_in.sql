-- At the door (issue 11, ADR 0004): when the visit began and ended, how far from the home (metres; no position of the
-- caregiver is kept), and the SHA-256 of each photo (the photo itself is in the photo store).
ALTER TABLE work_order
    ADD COLUMN checked_in_at       TIMESTAMPTZ,
    ADD COLUMN check_in_distance_m INT CHECK (check_in_distance_m >= 0),
    ADD COLUMN check_in_photo      VARCHAR(64),
    ADD COLUMN checked_out_at      TIMESTAMPTZ,
    ADD COLUMN check_out_distance_m INT CHECK (check_out_distance_m >= 0),
    ADD COLUMN check_out_photo     VARCHAR(64),
    ADD CONSTRAINT work_order_checked_out_after_in CHECK (checked_out_at IS NULL OR checked_out_at >= checked_in_at);
CREATE INDEX work_order_photo_in ON work_order (check_in_photo) WHERE check_in_photo IS NOT NULL;
CREATE INDEX work_order_photo_out ON work_order (check_out_photo) WHERE check_out_photo IS NOT NULL;
