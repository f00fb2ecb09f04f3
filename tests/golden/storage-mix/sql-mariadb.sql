-- Customer
CREATE TABLE customers (
    id BIGINT PRIMARY KEY COMMENT 'surrogate key' AUTO_INCREMENT,
    email VARCHAR(255) NOT NULL COMMENT 'sign-in "address"',
    tags JSON COMMENT 'free-form labels',
    home_region TEXT COMMENT 'engine-specific spelling',
    UNIQUE (email)
) COMMENT='Someone who buys';
-- not expressible in MariaDB: array customers.tags array(string(30)) (stored as JSON)
-- not expressible in MariaDB: native type character varying of customers.home_region (stored as TEXT)

-- CustomerProfile
CREATE TABLE customer_profiles (
    customer_id BIGINT PRIMARY KEY COMMENT 'owner',
    bio TEXT COMMENT 'about me'
) COMMENT='Optional extension of a customer (1:1)';

-- Order
CREATE TABLE orders (
    id BIGINT NOT NULL COMMENT 'order number',
    placed_at TIMESTAMP NOT NULL COMMENT 'order time (part of the key for partitioning)' DEFAULT CURRENT_TIMESTAMP,
    customer_id BIGINT COMMENT 'buyer (null after account deletion)',
    coupon_code VARCHAR(20) COMMENT 'coupon used',
    total NUMERIC(10, 2) NOT NULL COMMENT 'order total',
    status ENUM('new','paid','shipped') NOT NULL COMMENT 'state' DEFAULT 'new',
    paid BOOL NOT NULL COMMENT 'payment received' DEFAULT false,
    PRIMARY KEY (id, placed_at),
    CONSTRAINT uq_orders_customer_placed UNIQUE (customer_id, placed_at),
    CONSTRAINT ck_orders_total CHECK (total >= 0),
    CONSTRAINT ck_orders_coupon CHECK (coupon_code <> '')
) COMMENT='A purchase, partitioned by month';
-- not expressible in MariaDB: instants outside 1970-2038 in orders (placed_at): timestamp(tz) is TIMESTAMP
-- not expressible in MariaDB: partitioning of orders (InnoDB partitioned tables have no foreign keys)

-- Coupon
CREATE TABLE coupons (
    code VARCHAR(20) PRIMARY KEY COMMENT 'the code',
    percent SMALLINT NOT NULL COMMENT 'discount'
) COMMENT='A discount code';

-- Review
CREATE TABLE reviews (
    id BIGINT PRIMARY KEY COMMENT 'key' AUTO_INCREMENT,
    customer_id BIGINT NOT NULL COMMENT 'author',
    `body` TEXT NOT NULL COMMENT 'review text',
    search TEXT COMMENT 'search vector'
) COMMENT='Product review with full-text search';
-- not expressible in MariaDB: native type tsvector of reviews.search (stored as TEXT)

-- indexes
CREATE INDEX idx_orders_unpaid ON orders (placed_at);
-- not expressible in MariaDB: WHERE paid = false of index idx_orders_unpaid on orders (full index)
CREATE INDEX idx_reviews_customer_id ON reviews (customer_id) USING hash;
-- not expressible in MariaDB: gin index idx_reviews_search on reviews

-- foreign keys
ALTER TABLE customer_profiles
    ADD CONSTRAINT fk_customer_profiles_customer_id
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE;
ALTER TABLE orders
    ADD CONSTRAINT fk_orders_customer_id
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE SET NULL;
ALTER TABLE reviews
    ADD CONSTRAINT fk_reviews_customer_id
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE;
