-- Demo data for the local stack only: the demo provider's contracts run to the end of next year, so that an order for
-- next month can be placed in December too (V100's cycle ended with this year). Applied before the catalog first
-- announces the contracts on a fresh stack; a stack whose data predates it keeps the announced end (start it --fresh).
UPDATE contract SET ends_on = (date_trunc('year', current_date) + INTERVAL '2 years' - INTERVAL '1 day')::date
WHERE provider_id = '1f1f0c2e-77aa-4bd4-8a9c-0a8b3c2d1e00'
  AND id IN ('7d1c2f3e-0000-4000-8000-000000000001', '7d1c2f3e-0000-4000-8000-000000000002');
