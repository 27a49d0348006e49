-- The street (街道/乡镇) of the elder's community: the street reviewer decides applications of their street.
ALTER TABLE application ADD COLUMN street_code VARCHAR(40) NOT NULL DEFAULT 'UNKNOWN';
ALTER TABLE application ALTER COLUMN street_code DROP DEFAULT;
