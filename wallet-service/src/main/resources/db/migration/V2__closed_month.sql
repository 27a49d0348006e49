-- Months the settlement calendar has closed, as learnt from MonthClosed: a wallet opened late is credited every
-- month from its service start up to the first month still open.
CREATE TABLE closed_month (
    month      CHAR(7)     PRIMARY KEY,
    closed_at  TIMESTAMPTZ NOT NULL
);
