-- Reading
CREATE TABLE readings (
    id INTEGER PRIMARY KEY,
    hits INTEGER NOT NULL,
    small_u SMALLINT,
    tiny SMALLINT,
    tiny_u SMALLINT,
    big_u BIGINT,
    price NUMERIC(10, 2),
    ratio DOUBLE,
    single REAL,
    tiny_body TEXT,
    body TEXT,
    notes TEXT,
    blob_t BLOB,
    blob_m BLOB,
    blob_l BLOB,
    digest BLOB,
    token BLOB,
    name VARCHAR(100),
    code CHAR(3),
    label VARCHAR,
    seen_at TIMESTAMP,
    logged TIMESTAMP,
    at_time TIME,
    plain_ts TIMESTAMP,
    CHECK (hits >= 0),
    CHECK (small_u >= 0),
    CHECK (tiny_u >= 0),
    CHECK (big_u >= 0),
    CHECK (price >= 0),
    CHECK (ratio >= 0)
);
-- readings.hits integer(unsigned): CHECK (>= 0), no UNSIGNED here
-- readings.small_u smallint(unsigned): CHECK (>= 0), no UNSIGNED here
-- readings.tiny_u tinyint(unsigned): CHECK (>= 0), no UNSIGNED here
-- not expressible in SQLite: readings.big_u bigint(unsigned) above 2^63-1 (BIGINT CHECK (>= 0))
-- readings.price decimal(10,2,unsigned): CHECK (>= 0), no UNSIGNED here
-- readings.ratio float(unsigned): CHECK (>= 0), no UNSIGNED here
-- not expressible in SQLite: fixed length 16 of readings.digest binary(16) (unbounded bytes)
-- not expressible in SQLite: maximum length 255 of readings.token bytes(255) (unbounded bytes)
-- not expressible in SQLite: collation utf8mb4_bin of readings.name
-- not expressible in SQLite: collation utf8mb4_bin of readings.code
