-- Why a callback must be made before the service is trusted (issue 11): WITNESSED_SIGNATURE when the elder confirmed
-- the visit by a signature the caregiver witnessed, not by face or fingerprint. Flagged callbacks are listed first.
ALTER TABLE callback ADD COLUMN flag VARCHAR(30) CHECK (flag IN ('WITNESSED_SIGNATURE'));
