-- 嘉峪关市社区养老服务实施办法（嘉政办发〔2024〕33号, 2024-04-23, valid five years).
-- 第四条: every elder may take part, government purchase plus self-pay, the self-paid part 15–20 % below market
-- price (15 % seeded: the least the policy promises; the bureau may publish 20 %). 第十六条(五): per-order and per-day
-- caps, the love lunch forfeited when not applied for that day, the subsidy cleared monthly. 第十五条: the subsidy per
-- classification follows 《嘉峪关市居家养老服务实施办法》, which we do not hold: the pack seeds one category (every
-- elder of 60 or over, self-pay at the discount, 0 subsidy) and the bureau publishes a version with the classified
-- amounts. The policy gives no prices or caps: the market prices, caps, delivery fee, meal cut-off and geofence below
-- are seeded assumptions, editable through change proposals and new versions.
INSERT INTO policy_pack (code, version, region, name, effective_from, offline_monthly_allowance_fen,
                         online_monthly_fee_fen, reset_rule, callback_due_hours, hourly_rounding,
                         self_pay_discount_bps, per_order_cap_fen, per_day_cap_fen, delivery_fee_fen,
                         first_month_rule, reset_on_termination, complaint_due_hours, subsidised_meals_per_day,
                         meal_order_cutoff, unclaimed_meal_forfeited, geofence_radius_metres, welfare_unanswered_calls,
                         welfare_call_window_hours, welfare_idle_days, public_notice_days,
                         canteen_annual_subsidy_fen, assumptions)
VALUES ('JIAYUGUAN-2024', 1, 'JIAYUGUAN', '嘉峪关市社区养老服务实施办法', DATE '2024-04-23', 0, 0, 'MONTHLY', 48,
        'HALF_HOUR_UP', 1500, 5000, 10000, 300, 'FULL', TRUE, 48, 1, TIME '10:00', TRUE, 200, NULL, NULL, NULL,
        NULL, NULL,
        '政策未给出价格、单次/单日上限、配送费、爱心午餐申请截止时间与定位半径：均为按市场价设定的可调整数据（单次50元、单日100元、配送费3元、当日10:00前申请、200米）；分类补贴标准见《嘉峪关市居家养老服务实施办法》，待民政局发布新版本；自费优惠按政策下限15%。');

INSERT INTO eligibility_category VALUES
('JIAYUGUAN-2024', 1, 'JYG-RESIDENT', '全市60周岁及以上老年人（政府购买服务与个人自费相结合，自费部分按市场价优惠）', 60, 0, 0);

INSERT INTO service_item (policy_code, code, category, name, content, standard, mode, unit, delivered) VALUES
('JIAYUGUAN-2024', 'JYG-EDUCATION', 'EDUCATION', '宣讲教育', '时政解读、养生保健、疾病预防、知识科普、法律维权等宣传教育活动',
 '定期根据老年人需求开展时政解读、养生保健、疾病预防、知识科普、法律维权等宣传教育活动。', 'OFFLINE', 'PER_TIME', FALSE),
('JIAYUGUAN-2024', 'JYG-RECREATION', 'RECREATION', '文体娱乐', '歌咏舞蹈、琴棋书画、手工竞技等各类文体活动',
 '组织老年人开展歌咏舞蹈、琴棋书画、手工竞技等各类文体活动。', 'OFFLINE', 'PER_TIME', FALSE),
('JIAYUGUAN-2024', 'JYG-CLINIC', 'HEALTH', '常见病诊治', '常见病诊治、慢性病治疗',
 '为老年人提供常见病诊治、慢性病治疗和康复期护理，在老年人突发疾病和意外伤害时进行院前救护等服务。', 'OFFLINE', 'PER_TIME', FALSE),
('JIAYUGUAN-2024', 'JYG-REHAB', 'HEALTH', '康复期护理', '康复期护理',
 '为老年人提供常见病诊治、慢性病治疗和康复期护理，在老年人突发疾病和意外伤害时进行院前救护等服务。', 'OFFLINE', 'PER_HOUR', FALSE),
('JIAYUGUAN-2024', 'JYG-DAY-CARE', 'CARE', '日间照料', '在社区养老服务设施接受日间照料（每日）',
 '为辖区内老年人提供日间照料、助餐、生活护理、精神慰藉、巡访探访等服务。', 'OFFLINE', 'PER_TIME', FALSE),
('JIAYUGUAN-2024', 'JYG-PERSONAL-CARE', 'CARE', '生活护理', '生活护理',
 '为辖区内老年人提供日间照料、助餐、生活护理、精神慰藉、巡访探访等服务。', 'OFFLINE', 'PER_HOUR', FALSE),
('JIAYUGUAN-2024', 'JYG-COMFORT', 'CARE', '精神慰藉', '精神慰藉、心理疏导',
 '为辖区内老年人提供日间照料、助餐、生活护理、精神慰藉、巡访探访等服务。', 'OFFLINE', 'PER_HOUR', FALSE),
('JIAYUGUAN-2024', 'JYG-VISIT', 'CARE', '巡访探访', '上门巡访探访',
 '为辖区内老年人提供日间照料、助餐、生活护理、精神慰藉、巡访探访等服务。', 'OFFLINE', 'PER_TIME', FALSE),
('JIAYUGUAN-2024', 'JYG-LUNCH-DINE-IN', 'MEAL', '爱心午餐（堂食）', '老人幸福餐厅就餐',
 '价格实惠、餐品多样、可口软糯、方便贴心的适老化就餐配餐送餐服务。', 'OFFLINE', 'PER_MEAL', FALSE),
('JIAYUGUAN-2024', 'JYG-LUNCH-DELIVERY', 'MEAL', '爱心午餐（送餐）', '老人幸福餐厅送餐上门，每次送餐自付配送费',
 '价格实惠、餐品多样、可口软糯、方便贴心的适老化就餐配餐送餐服务（每次送餐需自付配送费）。', 'OFFLINE', 'PER_MEAL', TRUE);

INSERT INTO item_price (policy_code, item_code, effective_from, price_fen) VALUES
('JIAYUGUAN-2024', 'JYG-EDUCATION',      DATE '2024-04-23', 500),
('JIAYUGUAN-2024', 'JYG-RECREATION',     DATE '2024-04-23', 500),
('JIAYUGUAN-2024', 'JYG-CLINIC',         DATE '2024-04-23', 2000),
('JIAYUGUAN-2024', 'JYG-REHAB',          DATE '2024-04-23', 5000),
('JIAYUGUAN-2024', 'JYG-DAY-CARE',       DATE '2024-04-23', 3000),
('JIAYUGUAN-2024', 'JYG-PERSONAL-CARE',  DATE '2024-04-23', 3000),
('JIAYUGUAN-2024', 'JYG-COMFORT',        DATE '2024-04-23', 2000),
('JIAYUGUAN-2024', 'JYG-VISIT',          DATE '2024-04-23', 1000),
('JIAYUGUAN-2024', 'JYG-LUNCH-DINE-IN',  DATE '2024-04-23', 1200),
('JIAYUGUAN-2024', 'JYG-LUNCH-DELIVERY', DATE '2024-04-23', 1200);
