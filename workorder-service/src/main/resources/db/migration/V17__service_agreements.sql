-- The monthly service agreement (黄陂 六(二)2: 签订服务协议): an elder and a provider agree on an item, how much, on
-- which weekdays, for a month; the orders of those days are placed from it a few days ahead, each once (its order id
-- is derived from the agreement and the day), held and dispatched like any other.
CREATE TABLE service_agreement (
    id           UUID         PRIMARY KEY,
    elder_id     UUID         NOT NULL REFERENCES elder (elder_id),
    provider_id  UUID         NOT NULL,
    item_code    VARCHAR(40)  NOT NULL,
    quantity     INT          NOT NULL CHECK (quantity BETWEEN 1 AND 24),
    weekdays     INT[]        NOT NULL CHECK (cardinality(weekdays) BETWEEN 1 AND 7),
    month        DATE         NOT NULL CHECK (extract(day FROM month) = 1),
    status       VARCHAR(10)  NOT NULL CHECK (status IN ('ACTIVE', 'ENDED')),
    agreed_by    VARCHAR(100) NOT NULL,
    agreed_at    TIMESTAMPTZ  NOT NULL,
    ended_at     TIMESTAMPTZ
);
CREATE INDEX service_agreement_active ON service_agreement (month) WHERE status = 'ACTIVE';

ALTER TABLE work_order DROP CONSTRAINT work_order_channel_check;
ALTER TABLE work_order ADD CONSTRAINT work_order_channel_check
    CHECK (channel IN ('APP', 'HOTLINE', 'COMMUNITY', 'FRONT_DESK', 'AGREEMENT'));
ALTER TABLE work_order ADD COLUMN agreement_id UUID REFERENCES service_agreement (id);
