-- Reading
CREATE TABLE readings (
    id INTEGER PRIMARY KEY AUTO_INCREMENT,
    hits INTEGER UNSIGNED NOT NULL,
    small_u SMALLINT UNSIGNED,
    tiny TINYINT,
    tiny_u TINYINT UNSIGNED,
    big_u BIGINT UNSIGNED,
    price DECIMAL(10, 2) UNSIGNED,
    ratio DOUBLE UNSIGNED,
    single FLOAT(24),
    tiny_body TINYTEXT,
    `body` MEDIUMTEXT,
    notes LONGTEXT,
    blob_t TINYBLOB,
    blob_m MEDIUMBLOB,
    blob_l LONGBLOB,
    digest BINARY(16),
    token VARBINARY(255),
    name VARCHAR(100) COLLATE utf8mb4_bin,
    code CHAR(3) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    label VARCHAR(255),
    seen_at TIMESTAMP(3) NULL,
    logged DATETIME(6),
    at_time TIME(6),
    plain_ts DATETIME
);
-- readings.label: string without a length is VARCHAR(255) here
