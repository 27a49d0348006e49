-- 黄陂 六(一): the community posts the application publicly (公示); the street approves only after the pack's notice
-- days have passed without objection. notice_days is the pack's rule when the application was filed (NULL: the
-- pack has no public notice); notice_posted_on is the day the community posted it.
ALTER TABLE application
    ADD COLUMN notice_days      INT CHECK (notice_days > 0),
    ADD COLUMN notice_posted_on DATE;
