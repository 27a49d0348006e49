-- The elder's file carries the region of its policy (issue 18, 1): reads, the ID-number search and the access log are
-- bounded by the caller's region. Files from before take the region of their latest application's policy (from the
-- platform's copy of the packs, else by the policy code's region prefix).
ALTER TABLE elder ADD COLUMN region VARCHAR(40);
UPDATE elder e SET region = (
    SELECT COALESCE(p.region, CASE WHEN a.policy_code LIKE 'JIAYUGUAN%' THEN 'JIAYUGUAN'
                                   WHEN a.policy_code LIKE 'HUANGPI%' THEN 'HUANGPI' END)
    FROM application a
    LEFT JOIN (SELECT DISTINCT policy_code, pack->>'region' AS region FROM policy_pack_copy) p
           ON p.policy_code = a.policy_code
    WHERE a.elder_id = e.id
    ORDER BY a.submitted_at DESC LIMIT 1);
CREATE INDEX elder_region ON elder (region);
