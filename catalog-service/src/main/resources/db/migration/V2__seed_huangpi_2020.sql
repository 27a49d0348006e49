-- 黄陂区政府购买互联网+居家养老服务方案（试行）, 2020-04-30: 100 元/人/月 = 30 online (to the platform) + 70 offline
-- (the elder's wallet, overage self-paid); the wallet clears on the anniversary of service start; callback in 48 h.
INSERT INTO policy_pack (code, version, region, name, effective_from, offline_monthly_allowance_fen,
                         online_monthly_fee_fen, reset_rule, callback_due_hours)
VALUES ('HUANGPI-2020', 1, 'HUANGPI', '黄陂区政府购买互联网+居家养老服务方案（试行）', DATE '2020-04-30', 7000, 3000,
        'ANNIVERSARY', 48);

INSERT INTO service_item (policy_code, code, category, name, content, standard, mode, unit, price_fen) VALUES
('HUANGPI-2020', 'HP-MEAL-DINE-IN', 'MEAL', '集中就餐', '午餐，一荤两素一汤',
 '辖区幸福食堂、街道助餐点饭菜制作场所符合相关卫生标准，证照齐全，饭菜干净卫生，温度合适，充分考虑老年人饮食需求，就餐地点充分考虑老年人行动特点，保证安全。', 'OFFLINE', 'PER_MEAL', 1000),
('HUANGPI-2020', 'HP-MEAL-DELIVERY', 'MEAL', '上门送餐', '午餐，一荤两素',
 '辖区幸福食堂、街道助餐点饭菜制作场所符合相关卫生标准，证照齐全，饭菜干净卫生，温度合适，充分考虑老年人饮食需求，送餐上门应及时。', 'OFFLINE', 'PER_MEAL', 1000),
('HUANGPI-2020', 'HP-KITCHEN', 'CLEANING', '厨房整理', '对老人家里的灶台、油烟机表面、水槽、碗具进行清理',
 '地面无垃圾，烟机灶具无积尘，玻璃、窗框无明显污渍、尘土，现场整洁', 'OFFLINE', 'PER_HOUR', 3000),
('HUANGPI-2020', 'HP-ROOM-CLEAN', 'CLEANING', '居室清洁', '除卫生间、厨房外的室内卫生打扫',
 '地面无垃圾，墙面无灰尘，家具无积尘，窗纱无尘土，窗台无污渍、尘土，衣物、窗帘等清洗干净。协助老人进行卫生清理时，应充分了解老人生理特点，保证老人安全，不得在服务过程中对老人造成伤害', 'OFFLINE', 'PER_HOUR', 3000),
('HUANGPI-2020', 'HP-HAIRCUT', 'CLEANING', '上门理发', '帮老人洗发、理发',
 '服务人员应具备相应的专业技能，自备相应的理发设备，服务过程中尊重老人的个人意愿，要认真仔细，防止伤害老人，冬季应及时将老人头发吹干，防止感冒', 'OFFLINE', 'PER_TIME', 2000),
('HUANGPI-2020', 'HP-LAUNDRY', 'CLEANING', '上门洗衣', '对老人的衣物、床单、窗帘、被套等进行清洗',
 '衣物、窗帘等清洗干净并晾晒', 'OFFLINE', 'PER_HOUR', 3000),
('HUANGPI-2020', 'HP-NAIL', 'CLEANING', '剪指甲', '对于老人的手指甲、脚指甲进行整理，做好相应清理工作',
 '剪指甲注意如果老人有灰指甲等疾病，不可提供此项服务，并提醒老人及时就医', 'OFFLINE', 'PER_TIME', 1000),
('HUANGPI-2020', 'HP-BATH', 'CLEANING', '助浴', '为老人提供擦洗、沐浴、协助穿衣等服务',
 '协助行动不便、术后康复的老人进行擦浴，并照顾老人穿衣，服务同时需家属在场。', 'OFFLINE', 'PER_TIME', 6000),
('HUANGPI-2020', 'HP-CHECKUP', 'MEDICAL', '上门体检', '为老人测量血压、心率等', NULL, 'OFFLINE', 'PER_TIME', 2000),
('HUANGPI-2020', 'HP-ESCORT-MEDICAL', 'MEDICAL', '陪同就医', '帮助老人到医院挂号、就诊、取药', NULL, 'OFFLINE', 'PER_HOUR', 2000),
('HUANGPI-2020', 'HP-PHYSIO', 'MEDICAL', '理疗护理', '上门为老人提供理疗服务、协助康复训练', NULL, 'OFFLINE', 'PER_HOUR', 5000),
('HUANGPI-2020', 'HP-READING', 'COMPANIONSHIP', '读报', '根据老人喜好，给老人读报、读书、新闻等', NULL, 'OFFLINE', 'PER_HOUR', 1000),
('HUANGPI-2020', 'HP-CHAT', 'COMPANIONSHIP', '陪聊', '陪老人聊天，舒缓心情', NULL, 'OFFLINE', 'PER_HOUR', 1000),
('HUANGPI-2020', 'HP-ESCORT-OUTING', 'COMPANIONSHIP', '陪同外出', '陪老人外出访友、购物，参加社区活动', NULL, 'OFFLINE', 'PER_HOUR', 2000),
('HUANGPI-2020', 'HP-ONLINE-PACKAGE', 'ONLINE', '线上居家养老服务', '老人机、话费套餐（每月60分钟呼出、30M流量）、定位查询、紧急救援（120/110/119）、联络紧急联络人、信息咨询、个人档案管理、节日问候、安全提醒；特色服务：心理慰藉、电话关爱、生日祝福、用药叮嘱',
 NULL, 'ONLINE', 'PER_MONTH', 3000);
