-- An elder who can use neither face nor fingerprint signs on the caregiver's phone, witnessed by the caregiver (issue
-- 11): the signature image's SHA-256 (the image is in the photo store) and why no biometric could be used.
ALTER TABLE work_order
    ADD COLUMN confirmation_signature VARCHAR(64),
    ADD COLUMN confirmation_note      VARCHAR(200),
    ADD CONSTRAINT work_order_witnessed_signature CHECK (confirmation_method IS DISTINCT FROM 'WITNESSED_SIGNATURE'
        OR (confirmation_signature IS NOT NULL AND confirmation_note IS NOT NULL));
