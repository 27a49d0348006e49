-- An hourly visit is paid for its verified minutes rounded by the pack's rule, never more than was held (issue 11):
-- the minutes billed; the order's quantity and amounts are then the billed ones, which the completion carries.
ALTER TABLE work_order ADD COLUMN billed_minutes INT CHECK (billed_minutes > 0);
