-- 第五条: community day-care centres (A zone activities, B zone meals/care), 幸福食堂 / 老人幸福餐厅.
CREATE TABLE facility (
    id                UUID         PRIMARY KEY,
    policy_code       VARCHAR(40)  NOT NULL,
    kind              VARCHAR(20)  NOT NULL CHECK (kind IN ('DAY_CARE_CENTRE', 'CANTEEN', 'MUTUAL_AID_HOME')),
    name              VARCHAR(200) NOT NULL,
    community_code    VARCHAR(40)  NOT NULL,
    zone              VARCHAR(10)  CHECK (zone IN ('A', 'B', 'MAIN', 'AUX')),
    use_description   VARCHAR(500) NOT NULL,
    operator_id       UUID         REFERENCES provider (id),
    opened_on         DATE         NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL
);

-- 第十条: an operator cannot change items, prices or a facility's use; it proposes, the bureau decides once.
CREATE TABLE change_proposal (
    id              UUID         PRIMARY KEY,
    policy_code     VARCHAR(40)  NOT NULL,
    kind            VARCHAR(20)  NOT NULL CHECK (kind IN ('PRICE', 'NEW_ITEM', 'FACILITY_USE')),
    item_code       VARCHAR(40),
    facility_id     UUID         REFERENCES facility (id),
    price_fen       BIGINT       CHECK (price_fen > 0),
    category        VARCHAR(30),
    name            VARCHAR(100),
    content         TEXT,
    standard        TEXT,
    unit            VARCHAR(20)  CHECK (unit IN ('PER_TIME', 'PER_HOUR', 'PER_MEAL')),
    new_use         VARCHAR(500),
    effective_from  DATE         NOT NULL,
    reason          VARCHAR(1000) NOT NULL,
    proposed_by     VARCHAR(100) NOT NULL,
    provider_id     UUID,
    status          VARCHAR(10)  NOT NULL CHECK (status IN ('PROPOSED', 'APPROVED', 'REJECTED')),
    decided_by      VARCHAR(100),
    decided_at      TIMESTAMPTZ,
    decision_note   VARCHAR(1000),
    created_at      TIMESTAMPTZ  NOT NULL,
    CHECK (kind <> 'PRICE' OR (item_code IS NOT NULL AND price_fen IS NOT NULL)),
    CHECK (kind <> 'NEW_ITEM' OR (item_code IS NOT NULL AND price_fen IS NOT NULL AND name IS NOT NULL
                                  AND unit IS NOT NULL AND category IS NOT NULL AND content IS NOT NULL)),
    CHECK (kind <> 'FACILITY_USE' OR (facility_id IS NOT NULL AND new_use IS NOT NULL)),
    CHECK ((status = 'PROPOSED') = (decided_at IS NULL))
);
CREATE TABLE facility_use_history (
    facility_id     UUID         NOT NULL REFERENCES facility (id),
    effective_from  DATE         NOT NULL,
    use_description VARCHAR(500) NOT NULL,
    proposal_id     UUID         REFERENCES change_proposal (id),
    PRIMARY KEY (facility_id, effective_from)
);

-- 第十三条 / 黄陂 五(三): caregivers and professionals, their certificates, health certificate, skills, training.
CREATE TABLE staff (
    id                   UUID         PRIMARY KEY,
    provider_id          UUID         NOT NULL REFERENCES provider (id),
    name                 VARCHAR(100) NOT NULL,
    profession           VARCHAR(20)  NOT NULL CHECK (profession IN
                             ('CAREGIVER', 'NURSE', 'HEALTH_CARER', 'REHAB', 'SOCIAL_WORKER', 'COUNSELLOR')),
    health_cert_no       VARCHAR(60)  NOT NULL,
    health_cert_expires  DATE         NOT NULL,
    created_at           TIMESTAMPTZ  NOT NULL
);
CREATE TABLE staff_certificate (
    staff_id     UUID        NOT NULL REFERENCES staff (id),
    profession   VARCHAR(20) NOT NULL,
    number       VARCHAR(60) NOT NULL,
    expires_on   DATE        NOT NULL,
    PRIMARY KEY (staff_id, number)
);
CREATE TABLE staff_skill (
    staff_id     UUID        NOT NULL REFERENCES staff (id),
    policy_code  VARCHAR(40) NOT NULL,
    item_code    VARCHAR(40) NOT NULL,
    PRIMARY KEY (staff_id, policy_code, item_code),
    FOREIGN KEY (policy_code, item_code) REFERENCES service_item (policy_code, code)
);
CREATE TABLE staff_training (
    id            BIGSERIAL    PRIMARY KEY,
    staff_id      UUID         NOT NULL REFERENCES staff (id),
    course        VARCHAR(200) NOT NULL,
    hours         INT          NOT NULL CHECK (hours > 0),
    completed_on  DATE         NOT NULL,
    trainer       VARCHAR(200) NOT NULL
);

-- Which professions' certificates qualify for an item category (editable data; the policies name the professions
-- of 第十三条 but not the mapping).
CREATE TABLE category_profession (
    category    VARCHAR(30) NOT NULL,
    profession  VARCHAR(20) NOT NULL,
    PRIMARY KEY (category, profession)
);
INSERT INTO category_profession VALUES
('MEAL', 'CAREGIVER'), ('CLEANING', 'CAREGIVER'), ('CARE', 'CAREGIVER'), ('CARE', 'HEALTH_CARER'),
('MEDICAL', 'NURSE'), ('MEDICAL', 'REHAB'), ('HEALTH', 'NURSE'), ('HEALTH', 'REHAB'), ('HEALTH', 'HEALTH_CARER'),
('COMPANIONSHIP', 'CAREGIVER'), ('COMPANIONSHIP', 'SOCIAL_WORKER'), ('COMPANIONSHIP', 'COUNSELLOR'),
('EDUCATION', 'SOCIAL_WORKER'), ('EDUCATION', 'NURSE'), ('RECREATION', 'SOCIAL_WORKER'),
('RECREATION', 'CAREGIVER');
