-- Customer
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    tags JSON,
    home_region TEXT,
    UNIQUE (email)
);
-- not expressible in SQLite: array customers.tags array(string(30)) (stored as JSON)
-- not expressible in SQLite: native type character varying of customers.home_region (stored as TEXT)

-- CustomerProfile
CREATE TABLE customer_profiles (
    customer_id BIGINT PRIMARY KEY NOT NULL,
    bio TEXT,
    CONSTRAINT fk_customer_profiles_customer_id FOREIGN KEY(customer_id) REFERENCES customers (id) ON DELETE CASCADE
);

-- Order
CREATE TABLE orders (
    id BIGINT NOT NULL,
    placed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
    customer_id BIGINT,
    coupon_code VARCHAR(20),
    total NUMERIC(10, 2) NOT NULL,
    status VARCHAR(7) DEFAULT 'new' NOT NULL,
    paid BOOLEAN DEFAULT 0 NOT NULL,
    PRIMARY KEY (id, placed_at),
    CONSTRAINT uq_orders_customer_placed UNIQUE (customer_id, placed_at),
    CONSTRAINT ck_orders_total CHECK (total >= 0),
    CONSTRAINT ck_orders_coupon CHECK (coupon_code <> ''),
    CONSTRAINT fk_orders_customer_id FOREIGN KEY(customer_id) REFERENCES customers (id) ON DELETE SET NULL,
    CONSTRAINT ck_orders_status CHECK (status IN ('new', 'paid', 'shipped'))
);
-- not expressible in SQLite: partitioning of orders by RANGE (placed_at)

-- Coupon
CREATE TABLE coupons (
    code VARCHAR(20) PRIMARY KEY NOT NULL,
    percent SMALLINT NOT NULL
);

-- Review
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    body TEXT NOT NULL,
    search TEXT,
    CONSTRAINT fk_reviews_customer_id FOREIGN KEY(customer_id) REFERENCES customers (id) ON DELETE CASCADE
);
-- not expressible in SQLite: native type tsvector of reviews.search (stored as TEXT)

-- indexes
CREATE INDEX idx_orders_unpaid ON orders (placed_at) WHERE paid = FALSE;
CREATE INDEX idx_reviews_customer_id ON reviews (customer_id);
-- not expressible in SQLite: gin index idx_reviews_search on reviews
-- not expressible in SQLite: hash method of index idx_reviews_customer_id on reviews (B-tree)

-- foreign keys
-- SQLite: foreign keys are declared inside CREATE TABLE (no ALTER TABLE)
