-- The elder's community, for the community worker's view of the wallets of their community.
ALTER TABLE wallet ADD COLUMN community_code VARCHAR(40) NOT NULL DEFAULT 'UNKNOWN';
ALTER TABLE wallet ALTER COLUMN community_code DROP DEFAULT;
