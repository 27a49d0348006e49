-- The platform calls the elder back within the policy's deadline after each completed service (服务回访).
CREATE TABLE callback (
    order_id      UUID        PRIMARY KEY,
    elder_id      UUID        NOT NULL,
    provider_id   UUID        NOT NULL,
    item_code     VARCHAR(40) NOT NULL,
    completed_at  TIMESTAMPTZ NOT NULL,
    due_at        TIMESTAMPTZ NOT NULL,
    status        VARCHAR(10) NOT NULL CHECK (status IN ('OPEN', 'DONE')),
    opened_at     TIMESTAMPTZ NOT NULL,
    CHECK (due_at > completed_at)
);
CREATE INDEX callback_due ON callback (status, due_at);
