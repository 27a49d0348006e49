-- A terminal the bureau revokes (a stolen kiosk, a canteen closed) is kept with who revoked it; its assertions are
-- refused from then on (revoked_at is already checked by every read of a terminal's key).
ALTER TABLE kiosk_terminal ADD COLUMN revoked_by VARCHAR(100);
