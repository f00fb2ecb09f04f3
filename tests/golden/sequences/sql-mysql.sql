-- sequences
-- not expressible in MySQL: sequence order_no (numbers set by the app)
-- not expressible in MySQL: sequence invoice_no (numbers set by the app)
-- not expressible in MySQL: sequence odd ``name; -- (numbers set by the app)

-- Invoice
CREATE TABLE invoices (
    id BIGINT PRIMARY KEY AUTO_INCREMENT,
    number BIGINT NOT NULL COMMENT 'taken from invoice_no',
    UNIQUE (number)
);
