-- An elder's file (档案). Name, ID-card number, phone and address are stored encrypted (AES-GCM, the key named in
-- the value); the ID number is found again through its blind index, never by its plain value.
CREATE TABLE elder (
    id               UUID        PRIMARY KEY,
    name_enc         TEXT        NOT NULL,
    id_number_enc    TEXT        NOT NULL,
    id_number_index  CHAR(64)    NOT NULL UNIQUE,
    phone_enc        TEXT,
    address_enc      TEXT,
    birth_date       DATE        NOT NULL,
    street_code      VARCHAR(40) NOT NULL,
    community_code   VARCHAR(40) NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL
);

-- Every read of an elder's file: who, whose, when and why (PIPL; 嘉峪关 第二十条). Append-only.
CREATE TABLE file_access_log (
    id          BIGSERIAL    PRIMARY KEY,
    elder_id    UUID         NOT NULL REFERENCES elder (id),
    accessor    VARCHAR(200) NOT NULL,
    role        VARCHAR(30)  NOT NULL,
    purpose     VARCHAR(200) NOT NULL,
    masked      BOOLEAN      NOT NULL,
    accessed_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX file_access_log_elder ON file_access_log (elder_id, accessed_at);
