-- sequences
-- not expressible in SQLite: sequence order_no (numbers set by the app)
-- not expressible in SQLite: sequence invoice_no (numbers set by the app)
-- not expressible in SQLite: sequence odd ``name; -- (numbers set by the app)

-- Invoice
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    number BIGINT NOT NULL,
    UNIQUE (number)
);
