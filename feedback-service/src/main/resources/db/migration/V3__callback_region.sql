-- A callback carries the region of its order's policy pack (issue 10): a region's call centre, bureau and auditors
-- see only their region's callbacks. Callbacks from before have no policy code to take it from and stay without one
-- (NOT VALID); every callback opened from now on must have it.
ALTER TABLE callback ADD COLUMN region VARCHAR(40);
ALTER TABLE callback ADD CONSTRAINT callback_region_known CHECK (region IS NOT NULL) NOT VALID;
