-- Demo data for the local stack only: the demo provider's caregivers of the demo users caregiver.li (Huangpi) and
-- caregiver.wang (Jiayuguan) — their tokens carry these staff ids — each with a health certificate and a caregiver's
-- certificate for two years, trained for every offline item a caregiver may serve in their pack. The catalog
-- announces them (StaffQualified) when it starts, as staff registered through the API.
INSERT INTO staff (id, provider_id, name, profession, health_cert_no, health_cert_expires, created_at)
VALUES ('c0000000-0000-4000-8000-0000000000a1', '1f1f0c2e-77aa-4bd4-8a9c-0a8b3c2d1e00', '李秀兰（演示数据）',
        'CAREGIVER', 'JK-DEMO-0001', current_date + INTERVAL '2 years', now()),
       ('c0000000-0000-4000-8000-0000000000a2', '1f1f0c2e-77aa-4bd4-8a9c-0a8b3c2d1e00', '王桂英（演示数据）',
        'CAREGIVER', 'JK-DEMO-0002', current_date + INTERVAL '2 years', now());

INSERT INTO staff_certificate (staff_id, profession, number, expires_on)
VALUES ('c0000000-0000-4000-8000-0000000000a1', 'CAREGIVER', 'YLHLY-DEMO-0001', current_date + INTERVAL '2 years'),
       ('c0000000-0000-4000-8000-0000000000a2', 'CAREGIVER', 'YLHLY-DEMO-0002', current_date + INTERVAL '2 years');

INSERT INTO staff_skill (staff_id, policy_code, item_code)
SELECT s.id, i.policy_code, i.code
FROM (VALUES ('c0000000-0000-4000-8000-0000000000a1'::uuid, 'HUANGPI-2020'),
             ('c0000000-0000-4000-8000-0000000000a2'::uuid, 'JIAYUGUAN-2024')) AS s (id, policy)
JOIN service_item i ON i.policy_code = s.policy AND i.mode = 'OFFLINE'
JOIN category_profession cp ON cp.category = i.category AND cp.profession = 'CAREGIVER';
