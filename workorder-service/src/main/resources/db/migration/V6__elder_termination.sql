-- The first day an elder is no longer served (ServiceTerminated); a new approval clears it.
ALTER TABLE elder ADD COLUMN terminated_on DATE;
