-- Demo data for the local stack only (deploy/local adds classpath:db/demo to Flyway's locations): the provider of the
-- demo user provider.admin, qualified and contracted for every offline item of both packs in the demo communities,
-- for the two-year cycle that covers last year and this one.
INSERT INTO provider (id, name, status, registered_at)
VALUES ('1f1f0c2e-77aa-4bd4-8a9c-0a8b3c2d1e00', '示范居家养老服务中心（演示数据）', 'ACTIVE', now());

INSERT INTO provider_qualification (provider_id, condition_no, evidence)
SELECT '1f1f0c2e-77aa-4bd4-8a9c-0a8b3c2d1e00', n, '演示数据：条件 ' || n || ' 的证明材料'
FROM generate_series(1, 8) AS n;

INSERT INTO contract (id, provider_id, policy_code, starts_on, ends_on, created_at)
SELECT c.id, '1f1f0c2e-77aa-4bd4-8a9c-0a8b3c2d1e00', c.policy,
       (date_trunc('year', current_date) - INTERVAL '1 year')::date,
       (date_trunc('year', current_date) + INTERVAL '1 year' - INTERVAL '1 day')::date, now()
FROM (VALUES ('7d1c2f3e-0000-4000-8000-000000000001'::uuid, 'HUANGPI-2020'),
             ('7d1c2f3e-0000-4000-8000-000000000002'::uuid, 'JIAYUGUAN-2024')) AS c (id, policy);

INSERT INTO contract_item (contract_id, item_code)
SELECT c.id, i.code FROM contract c JOIN service_item i ON i.policy_code = c.policy_code AND i.mode = 'OFFLINE'
WHERE c.provider_id = '1f1f0c2e-77aa-4bd4-8a9c-0a8b3c2d1e00';

INSERT INTO contract_community (contract_id, community_code) VALUES
('7d1c2f3e-0000-4000-8000-000000000001', 'HP-QIANCHUAN-01'),
('7d1c2f3e-0000-4000-8000-000000000001', 'HP-LIJI-03'),
('7d1c2f3e-0000-4000-8000-000000000002', 'JYG-XIONGGUAN-01');
