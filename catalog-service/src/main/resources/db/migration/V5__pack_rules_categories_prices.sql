-- The rest of a pack's rules. NULL means the pack does not apply the rule (the policy has none).
ALTER TABLE policy_pack
    ADD COLUMN first_month_rule          VARCHAR(20) NOT NULL DEFAULT 'FULL'
        CHECK (first_month_rule IN ('FULL', 'PRORATED', 'NEXT_MONTH')),
    ADD COLUMN reset_on_termination      BOOLEAN     NOT NULL DEFAULT TRUE,
    ADD COLUMN complaint_due_hours       INT         NOT NULL DEFAULT 48 CHECK (complaint_due_hours > 0),
    ADD COLUMN subsidised_meals_per_day  INT         CHECK (subsidised_meals_per_day > 0),
    ADD COLUMN meal_order_cutoff         TIME,
    ADD COLUMN unclaimed_meal_forfeited  BOOLEAN     NOT NULL DEFAULT FALSE,
    ADD COLUMN geofence_radius_metres         INT         CHECK (geofence_radius_metres > 0),
    ADD COLUMN welfare_unanswered_calls  INT         CHECK (welfare_unanswered_calls > 0),
    ADD COLUMN welfare_call_window_hours INT         CHECK (welfare_call_window_hours > 0),
    ADD COLUMN welfare_idle_days         INT         CHECK (welfare_idle_days > 0),
    ADD COLUMN public_notice_days        INT         CHECK (public_notice_days > 0),
    ADD COLUMN canteen_annual_subsidy_fen BIGINT     CHECK (canteen_annual_subsidy_fen >= 0),
    ADD COLUMN assumptions               TEXT;

-- 黄陂: 六(二)5 three unanswered calls in 24 h, or two weeks without an order → a community worker visits; 六(三)
-- complaints handled in 48 h; 八 幸福食堂 180,000 元 a year; 六(一) 公示 (the number of days is not given: 7 seeded);
-- 六(二)2 扫码定位 (no radius given: 200 m seeded). Service time runs from the notified start date: full first month.
UPDATE policy_pack SET first_month_rule = 'FULL', reset_on_termination = TRUE, complaint_due_hours = 48,
       geofence_radius_metres = 200, welfare_unanswered_calls = 3, welfare_call_window_hours = 24, welfare_idle_days = 14,
       public_notice_days = 7, canteen_annual_subsidy_fen = 18000000,
       assumptions = '公示天数（7天）与签入定位半径（200米）政策未规定，为可调整的默认值；按工时计费的项目按每开始的半小时计费（政策未规定）。'
 WHERE code = 'HUANGPI-2020';

-- Who may be served and what each category receives, per pack version (a version may change them).
CREATE TABLE eligibility_category (
    policy_code           VARCHAR(40)  NOT NULL,
    pack_version          INT          NOT NULL,
    code                  VARCHAR(40)  NOT NULL,
    name                  VARCHAR(200) NOT NULL,
    min_age               INT          NOT NULL CHECK (min_age BETWEEN 0 AND 150),
    offline_monthly_fen   BIGINT       NOT NULL CHECK (offline_monthly_fen >= 0),
    online_monthly_fen    BIGINT       NOT NULL CHECK (online_monthly_fen >= 0),
    PRIMARY KEY (policy_code, pack_version, code),
    FOREIGN KEY (policy_code, pack_version) REFERENCES policy_pack (code, version)
);

-- 黄陂 四(一): five categories of 100 元 a month (30 online + 70 offline); others may buy the services themselves.
INSERT INTO eligibility_category SELECT 'HUANGPI-2020', version, c.code, c.name, c.min_age, c.offline, c.online
  FROM policy_pack, (VALUES
    ('HP-DIBAO',    '60周岁及以上（含60周岁）“低保”老人', 60, 7000, 3000),
    ('HP-TEKUN',    '60周岁及以上（含60周岁）特困“原五保、三无”老人', 60, 7000, 3000),
    ('HP-SHIDU',    '60周岁及以上（含60周岁）失独或独生子女二级以上残疾的老人', 60, 7000, 3000),
    ('HP-DISABLED', '60周岁及以上（含60周岁）一、二级残疾老人', 60, 7000, 3000),
    ('HP-AGED80',   '80周岁及以上（含80周岁）除以上四类的高龄老人', 80, 7000, 3000),
    ('HP-SELF-PAY', '非以上五类条件的社区（村）老人，自费购买服务', 60, 0, 0)
  ) AS c (code, name, min_age, offline, online)
 WHERE policy_pack.code = 'HUANGPI-2020';

-- Prices are effective-dated: a price list changes on a date, never backwards, and earlier prices stay.
CREATE TABLE item_price (
    policy_code     VARCHAR(40) NOT NULL,
    item_code       VARCHAR(40) NOT NULL,
    effective_from  DATE        NOT NULL,
    price_fen       BIGINT      NOT NULL CHECK (price_fen > 0),
    PRIMARY KEY (policy_code, item_code, effective_from),
    FOREIGN KEY (policy_code, item_code) REFERENCES service_item (policy_code, code)
);
INSERT INTO item_price SELECT i.policy_code, i.code, p.effective_from, i.price_fen
  FROM service_item i JOIN policy_pack p ON p.code = i.policy_code AND p.version = 1;
ALTER TABLE service_item DROP COLUMN price_fen;
-- A delivered meal carries the pack's delivery fee, always self-paid (嘉峪关 第五条(五)).
ALTER TABLE service_item ADD COLUMN delivered BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE service_item SET delivered = TRUE WHERE code = 'HP-MEAL-DELIVERY';
