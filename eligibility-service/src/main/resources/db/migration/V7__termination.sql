-- An approved application ends (死亡、迁出、入住机构、不再符合条件、本人申请退出): status TERMINATED, with the first day
-- not served and the reason; the elder may then be approved again (the one-approved index covers APPROVED only).
ALTER TABLE application DROP CONSTRAINT application_status_check;
ALTER TABLE application ADD CONSTRAINT application_status_check
    CHECK (status IN ('SUBMITTED', 'APPROVED', 'REJECTED', 'TERMINATED'));
ALTER TABLE application ADD COLUMN terminated_on DATE;
ALTER TABLE application ADD COLUMN termination_reason VARCHAR(30);
-- four eyes: whoever filed an application may not approve it
ALTER TABLE application ADD COLUMN filed_by VARCHAR(100);
