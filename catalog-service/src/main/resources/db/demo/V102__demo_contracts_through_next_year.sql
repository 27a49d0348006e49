-- Demo data for the local stack only: the demo provider's contracts cover the eleven months before this one and the
-- twelve from it (a contract runs under two years), so that an order for next month can be placed in December too
-- (V100's cycle ended with this year). Applied before the catalog first announces the contracts on a fresh stack; a
-- stack whose data predates it keeps the announced period (start it --fresh).
UPDATE contract
SET starts_on = (date_trunc('month', current_date) - INTERVAL '11 months')::date,
    ends_on = (date_trunc('month', current_date) + INTERVAL '13 months' - INTERVAL '1 day')::date
WHERE provider_id = '1f1f0c2e-77aa-4bd4-8a9c-0a8b3c2d1e00'
  AND id IN ('7d1c2f3e-0000-4000-8000-000000000001', '7d1c2f3e-0000-4000-8000-000000000002');
