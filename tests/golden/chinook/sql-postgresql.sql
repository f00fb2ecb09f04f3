-- Album
CREATE TABLE album (
    album_id INTEGER PRIMARY KEY,
    title VARCHAR(160) NOT NULL,
    artist_id INTEGER NOT NULL
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
    support_rep_id INTEGER
);

-- Employee
CREATE TABLE employee (
    employee_id INTEGER PRIMARY KEY,
    last_name VARCHAR(20) NOT NULL,
    first_name VARCHAR(20) NOT NULL,
    title VARCHAR(30),
    reports_to INTEGER,
    birth_date TIMESTAMP WITHOUT TIME ZONE,
    hire_date TIMESTAMP WITHOUT TIME ZONE,
    address VARCHAR(70),
    city VARCHAR(40),
    state VARCHAR(40),
    country VARCHAR(40),
    postal_code VARCHAR(10),
    phone VARCHAR(24),
    fax VARCHAR(24),
    email VARCHAR(60)
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
    invoice_date TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    billing_address VARCHAR(70),
    billing_city VARCHAR(40),
    billing_state VARCHAR(40),
    billing_country VARCHAR(40),
    billing_postal_code VARCHAR(10),
    total NUMERIC(10, 2) NOT NULL
);

-- InvoiceLine
CREATE TABLE invoice_line (
    invoice_line_id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL,
    track_id INTEGER NOT NULL,
    unit_price NUMERIC(10, 2) NOT NULL,
    quantity INTEGER NOT NULL
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
    PRIMARY KEY (playlist_id, track_id)
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
    unit_price NUMERIC(10, 2) NOT NULL
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
ALTER TABLE album
    ADD CONSTRAINT fk_album_artist_id
    FOREIGN KEY (artist_id) REFERENCES artist (artist_id) ON DELETE NO ACTION ON UPDATE NO ACTION;
ALTER TABLE customer
    ADD CONSTRAINT fk_customer_support_rep_id
    FOREIGN KEY (support_rep_id) REFERENCES employee (employee_id) ON DELETE NO ACTION ON UPDATE NO ACTION;
ALTER TABLE employee
    ADD CONSTRAINT fk_employee_reports_to
    FOREIGN KEY (reports_to) REFERENCES employee (employee_id) ON DELETE NO ACTION ON UPDATE NO ACTION;
ALTER TABLE invoice
    ADD CONSTRAINT fk_invoice_customer_id
    FOREIGN KEY (customer_id) REFERENCES customer (customer_id) ON DELETE NO ACTION ON UPDATE NO ACTION;
ALTER TABLE invoice_line
    ADD CONSTRAINT fk_invoice_line_invoice_id
    FOREIGN KEY (invoice_id) REFERENCES invoice (invoice_id) ON DELETE NO ACTION ON UPDATE NO ACTION;
ALTER TABLE invoice_line
    ADD CONSTRAINT fk_invoice_line_track_id
    FOREIGN KEY (track_id) REFERENCES track (track_id) ON DELETE NO ACTION ON UPDATE NO ACTION;
ALTER TABLE playlist_track
    ADD CONSTRAINT fk_playlist_track_playlist_id
    FOREIGN KEY (playlist_id) REFERENCES playlist (playlist_id) ON DELETE NO ACTION ON UPDATE NO ACTION;
ALTER TABLE playlist_track
    ADD CONSTRAINT fk_playlist_track_track_id
    FOREIGN KEY (track_id) REFERENCES track (track_id) ON DELETE NO ACTION ON UPDATE NO ACTION;
ALTER TABLE track
    ADD CONSTRAINT fk_track_album_id
    FOREIGN KEY (album_id) REFERENCES album (album_id) ON DELETE NO ACTION ON UPDATE NO ACTION;
ALTER TABLE track
    ADD CONSTRAINT fk_track_media_type_id
    FOREIGN KEY (media_type_id) REFERENCES media_type (media_type_id) ON DELETE NO ACTION ON UPDATE NO ACTION;
ALTER TABLE track
    ADD CONSTRAINT fk_track_genre_id
    FOREIGN KEY (genre_id) REFERENCES genre (genre_id) ON DELETE NO ACTION ON UPDATE NO ACTION;

-- comments
COMMENT ON TABLE album IS 'A released album of one artist';
COMMENT ON COLUMN album.album_id IS 'unique identifier';
COMMENT ON COLUMN album.title IS 'album title';
COMMENT ON COLUMN album.artist_id IS 'recording artist';
COMMENT ON TABLE artist IS 'A performer or band';
COMMENT ON COLUMN artist.artist_id IS 'unique identifier';
COMMENT ON COLUMN artist.name IS 'artist name';
COMMENT ON TABLE customer IS 'A buyer of tracks, looked after by one support employee';
COMMENT ON COLUMN customer.customer_id IS 'unique identifier';
COMMENT ON COLUMN customer.first_name IS 'given name';
COMMENT ON COLUMN customer.last_name IS 'family name';
COMMENT ON COLUMN customer.company IS 'employer, if any';
COMMENT ON COLUMN customer.address IS 'street address';
COMMENT ON COLUMN customer.city IS 'city';
COMMENT ON COLUMN customer.state IS 'state or province';
COMMENT ON COLUMN customer.country IS 'country';
COMMENT ON COLUMN customer.postal_code IS 'postal code';
COMMENT ON COLUMN customer.phone IS 'phone number';
COMMENT ON COLUMN customer.fax IS 'fax number';
COMMENT ON COLUMN customer.email IS 'contact address';
COMMENT ON COLUMN customer.support_rep_id IS 'assigned support employee';
COMMENT ON TABLE employee IS 'A member of staff; employees report to other employees';
COMMENT ON COLUMN employee.employee_id IS 'unique identifier';
COMMENT ON COLUMN employee.last_name IS 'family name';
COMMENT ON COLUMN employee.first_name IS 'given name';
COMMENT ON COLUMN employee.title IS 'job title';
COMMENT ON COLUMN employee.reports_to IS 'manager';
COMMENT ON COLUMN employee.birth_date IS 'date of birth';
COMMENT ON COLUMN employee.hire_date IS 'date of hire';
COMMENT ON COLUMN employee.address IS 'street address';
COMMENT ON COLUMN employee.city IS 'city';
COMMENT ON COLUMN employee.state IS 'state or province';
COMMENT ON COLUMN employee.country IS 'country';
COMMENT ON COLUMN employee.postal_code IS 'postal code';
COMMENT ON COLUMN employee.phone IS 'phone number';
COMMENT ON COLUMN employee.fax IS 'fax number';
COMMENT ON COLUMN employee.email IS 'work address';
COMMENT ON TABLE genre IS 'A musical genre';
COMMENT ON COLUMN genre.genre_id IS 'unique identifier';
COMMENT ON COLUMN genre.name IS 'genre name';
COMMENT ON TABLE invoice IS 'A purchase by one customer';
COMMENT ON COLUMN invoice.invoice_id IS 'unique identifier';
COMMENT ON COLUMN invoice.customer_id IS 'buyer';
COMMENT ON COLUMN invoice.invoice_date IS 'date of purchase';
COMMENT ON COLUMN invoice.billing_address IS 'street address at purchase time';
COMMENT ON COLUMN invoice.billing_city IS 'city at purchase time';
COMMENT ON COLUMN invoice.billing_state IS 'state at purchase time';
COMMENT ON COLUMN invoice.billing_country IS 'country at purchase time';
COMMENT ON COLUMN invoice.billing_postal_code IS 'postal code at purchase time';
COMMENT ON COLUMN invoice.total IS 'sum of the lines';
COMMENT ON TABLE invoice_line IS 'One purchased track of an invoice';
COMMENT ON COLUMN invoice_line.invoice_line_id IS 'unique identifier';
COMMENT ON COLUMN invoice_line.invoice_id IS 'invoice';
COMMENT ON COLUMN invoice_line.track_id IS 'purchased track';
COMMENT ON COLUMN invoice_line.unit_price IS 'price paid per unit';
COMMENT ON COLUMN invoice_line.quantity IS 'units bought';
COMMENT ON TABLE media_type IS 'An audio or video file format';
COMMENT ON COLUMN media_type.media_type_id IS 'unique identifier';
COMMENT ON COLUMN media_type.name IS 'format name';
COMMENT ON TABLE playlist IS 'A named list of tracks';
COMMENT ON COLUMN playlist.playlist_id IS 'unique identifier';
COMMENT ON COLUMN playlist.name IS 'playlist name';
COMMENT ON TABLE playlist_track IS 'Junction between playlists and tracks';
COMMENT ON COLUMN playlist_track.playlist_id IS 'playlist';
COMMENT ON COLUMN playlist_track.track_id IS 'track';
COMMENT ON TABLE track IS 'A song or video for sale';
COMMENT ON COLUMN track.track_id IS 'unique identifier';
COMMENT ON COLUMN track.name IS 'track title';
COMMENT ON COLUMN track.album_id IS 'album it appears on';
COMMENT ON COLUMN track.media_type_id IS 'file format';
COMMENT ON COLUMN track.genre_id IS 'genre';
COMMENT ON COLUMN track.composer IS 'composer names';
COMMENT ON COLUMN track.milliseconds IS 'duration';
COMMENT ON COLUMN track.bytes IS 'file size';
COMMENT ON COLUMN track.unit_price IS 'list price';
