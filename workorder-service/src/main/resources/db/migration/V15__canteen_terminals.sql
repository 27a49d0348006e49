-- A canteen's terminal belongs to the provider running the canteen (issue 11): its face match creates and completes
-- that provider's 集中就餐 (dine-in meal) order in one step. Kiosks elsewhere have none and only confirm visits.
ALTER TABLE kiosk_terminal ADD COLUMN provider_id UUID;
