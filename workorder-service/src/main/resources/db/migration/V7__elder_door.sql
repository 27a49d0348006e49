-- The elder's door (issue 11, ADR 0004): where the home is, for the check-in's geofence and for ranking caregivers by
-- distance (AES-GCM, bound to this table, column and row; never in an event or a log), and which issue of the door's
-- QR code is valid (a re-issue revokes the codes before it).
ALTER TABLE elder
    ADD COLUMN home_position   TEXT,
    ADD COLUMN door_code_issue INT NOT NULL DEFAULT 0 CHECK (door_code_issue >= 0);
