-- Album
CREATE TABLE album (
    album_id INTEGER PRIMARY KEY,
    title VARCHAR(160) NOT NULL,
    artist_id INTEGER NOT NULL,
    CONSTRAINT fk_album_artist_id FOREIGN KEY(artist_id) REFERENCES artist (artist_id) ON DELETE NO ACTION ON UPDATE NO ACTION
);

-- Artist
CREATE TABLE artist (
    artist_id INTEGER PRIMARY KEY,
    name VARCHAR(120)
);

-- Customer
CREATE TABLE customer (
    customer_id INTEGER PRIMARY KEY,
    first_name VARCHAR(40) NOT NULL,
    last_name VARCHAR(20) NOT NULL,
    company VARCHAR(80),
    address VARCHAR(70),
    city VARCHAR(40),
    state VARCHAR(40),
    country VARCHAR(40),
    postal_code VARCHAR(10),
    phone VARCHAR(24),
    fax VARCHAR(24),
    email VARCHAR(60) NOT NULL,
    support_rep_id INTEGER,
    CONSTRAINT fk_customer_support_rep_id FOREIGN KEY(support_rep_id) REFERENCES employee (employee_id) ON DELETE NO ACTION ON UPDATE NO ACTION
);

-- Employee
CREATE TABLE employee (
    employee_id INTEGER PRIMARY KEY,
    last_name VARCHAR(20) NOT NULL,
    first_name VARCHAR(20) NOT NULL,
    title VARCHAR(30),
    reports_to INTEGER,
    birth_date TIMESTAMP,
    hire_date TIMESTAMP,
    address VARCHAR(70),
    city VARCHAR(40),
    state VARCHAR(40),
    country VARCHAR(40),
    postal_code VARCHAR(10),
    phone VARCHAR(24),
    fax VARCHAR(24),
    email VARCHAR(60),
    CONSTRAINT fk_employee_reports_to FOREIGN KEY(reports_to) REFERENCES employee (employee_id) ON DELETE NO ACTION ON UPDATE NO ACTION
);

-- Genre
CREATE TABLE genre (
    genre_id INTEGER PRIMARY KEY,
    name VARCHAR(120)
);

-- Invoice
CREATE TABLE invoice (
    invoice_id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    invoice_date TIMESTAMP NOT NULL,
    billing_address VARCHAR(70),
    billing_city VARCHAR(40),
    billing_state VARCHAR(40),
    billing_country VARCHAR(40),
    billing_postal_code VARCHAR(10),
    total NUMERIC(10, 2) NOT NULL,
    CONSTRAINT fk_invoice_customer_id FOREIGN KEY(customer_id) REFERENCES customer (customer_id) ON DELETE NO ACTION ON UPDATE NO ACTION
);

-- InvoiceLine
CREATE TABLE invoice_line (
    invoice_line_id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL,
    track_id INTEGER NOT NULL,
    unit_price NUMERIC(10, 2) NOT NULL,
    quantity INTEGER NOT NULL,
    CONSTRAINT fk_invoice_line_invoice_id FOREIGN KEY(invoice_id) REFERENCES invoice (invoice_id) ON DELETE NO ACTION ON UPDATE NO ACTION,
    CONSTRAINT fk_invoice_line_track_id FOREIGN KEY(track_id) REFERENCES track (track_id) ON DELETE NO ACTION ON UPDATE NO ACTION
);

-- MediaType
CREATE TABLE media_type (
    media_type_id INTEGER PRIMARY KEY,
    name VARCHAR(120)
);

-- Playlist
CREATE TABLE playlist (
    playlist_id INTEGER PRIMARY KEY,
    name VARCHAR(120)
);

-- PlaylistTrack
CREATE TABLE playlist_track (
    playlist_id INTEGER NOT NULL,
    track_id INTEGER NOT NULL,
    PRIMARY KEY (playlist_id, track_id),
    CONSTRAINT fk_playlist_track_playlist_id FOREIGN KEY(playlist_id) REFERENCES playlist (playlist_id) ON DELETE NO ACTION ON UPDATE NO ACTION,
    CONSTRAINT fk_playlist_track_track_id FOREIGN KEY(track_id) REFERENCES track (track_id) ON DELETE NO ACTION ON UPDATE NO ACTION
);

-- Track
CREATE TABLE track (
    track_id INTEGER PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    album_id INTEGER,
    media_type_id INTEGER NOT NULL,
    genre_id INTEGER,
    composer VARCHAR(220),
    milliseconds INTEGER NOT NULL,
    bytes INTEGER,
    unit_price NUMERIC(10, 2) NOT NULL,
    CONSTRAINT fk_track_album_id FOREIGN KEY(album_id) REFERENCES album (album_id) ON DELETE NO ACTION ON UPDATE NO ACTION,
    CONSTRAINT fk_track_media_type_id FOREIGN KEY(media_type_id) REFERENCES media_type (media_type_id) ON DELETE NO ACTION ON UPDATE NO ACTION,
    CONSTRAINT fk_track_genre_id FOREIGN KEY(genre_id) REFERENCES genre (genre_id) ON DELETE NO ACTION ON UPDATE NO ACTION
);

-- indexes
CREATE INDEX album_artist_id_idx ON album (artist_id);
CREATE INDEX customer_support_rep_id_idx ON customer (support_rep_id);
CREATE INDEX employee_reports_to_idx ON employee (reports_to);
CREATE INDEX invoice_customer_id_idx ON invoice (customer_id);
CREATE INDEX invoice_line_invoice_id_idx ON invoice_line (invoice_id);
CREATE INDEX invoice_line_track_id_idx ON invoice_line (track_id);
CREATE INDEX playlist_track_playlist_id_idx ON playlist_track (playlist_id);
CREATE INDEX playlist_track_track_id_idx ON playlist_track (track_id);
CREATE INDEX track_album_id_idx ON track (album_id);
CREATE INDEX track_genre_id_idx ON track (genre_id);
CREATE INDEX track_media_type_id_idx ON track (media_type_id);

-- foreign keys
-- SQLite: foreign keys are declared inside CREATE TABLE (no ALTER TABLE)
