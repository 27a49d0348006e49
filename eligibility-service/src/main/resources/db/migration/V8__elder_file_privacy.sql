-- Refused look-ups of an elder by ID number (out of scope, unknown number, role, rate limit): who, as what role, why
-- they said they looked, why they were refused and when. Never the ID number: at most a keyed hash of it (not the
-- blind index, so it joins no file), which tells a sweep of many numbers from repeated tries of one. Kept as long as
-- the file access log (AccessLogRetention).
CREATE TABLE file_access_denied (
    id              BIGSERIAL    PRIMARY KEY,
    accessor        VARCHAR(200) NOT NULL,
    role            VARCHAR(30)  NOT NULL,
    purpose         VARCHAR(200) NOT NULL,
    reason          VARCHAR(30)  NOT NULL CHECK (reason IN ('OUT_OF_SCOPE', 'UNKNOWN_ID_NUMBER', 'RATE_LIMITED',
                                                            'ROLE')),
    id_number_hash  CHAR(64),
    denied_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX file_access_denied_at ON file_access_denied (denied_at);
CREATE INDEX file_access_denied_accessor ON file_access_denied (accessor, denied_at);

-- Erasure of a terminated elder's file after the retention (TerminatedFileRetention): the personal columns and the
-- blind index become NULL, the id stays (events and other services know the elder by it alone). A unique index allows
-- many NULLs, so an erased elder who applies again gets a new file.
ALTER TABLE elder ALTER COLUMN name_enc DROP NOT NULL;
ALTER TABLE elder ALTER COLUMN id_number_enc DROP NOT NULL;
ALTER TABLE elder ALTER COLUMN id_number_index DROP NOT NULL;
ALTER TABLE elder ALTER COLUMN birth_date DROP NOT NULL;
ALTER TABLE elder ADD COLUMN erased_at TIMESTAMPTZ;
ALTER TABLE elder ADD CONSTRAINT elder_erased_or_whole
    CHECK ((erased_at IS NULL AND name_enc IS NOT NULL AND id_number_enc IS NOT NULL
            AND id_number_index IS NOT NULL AND birth_date IS NOT NULL)
        OR (erased_at IS NOT NULL AND name_enc IS NULL AND id_number_enc IS NULL AND id_number_index IS NULL
            AND phone_enc IS NULL AND address_enc IS NULL AND birth_date IS NULL));
