CREATE TABLE test_effect (
    id         BIGSERIAL PRIMARY KEY,
    event_id   UUID      NOT NULL,
    elder_id   UUID      NOT NULL,
    sequence   BIGINT    NOT NULL,
    order_id   UUID      NOT NULL
);
