-- Album
CREATE TABLE album (
    album_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    title VARCHAR(160) NOT NULL COMMENT 'album title',
    artist_id INTEGER NOT NULL COMMENT 'recording artist'
) COMMENT='A released album of one artist';

-- Artist
CREATE TABLE artist (
    artist_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    name VARCHAR(120) COMMENT 'artist name'
) COMMENT='A performer or band';

-- Customer
CREATE TABLE customer (
    customer_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    first_name VARCHAR(40) NOT NULL COMMENT 'given name',
    last_name VARCHAR(20) NOT NULL COMMENT 'family name',
    company VARCHAR(80) COMMENT 'employer, if any',
    address VARCHAR(70) COMMENT 'street address',
    city VARCHAR(40) COMMENT 'city',
    state VARCHAR(40) COMMENT 'state or province',
    country VARCHAR(40) COMMENT 'country',
    postal_code VARCHAR(10) COMMENT 'postal code',
    phone VARCHAR(24) COMMENT 'phone number',
    fax VARCHAR(24) COMMENT 'fax number',
    email VARCHAR(60) NOT NULL COMMENT 'contact address',
    support_rep_id INTEGER COMMENT 'assigned support employee'
) COMMENT='A buyer of tracks, looked after by one support employee';

-- Employee
CREATE TABLE employee (
    employee_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    last_name VARCHAR(20) NOT NULL COMMENT 'family name',
    first_name VARCHAR(20) NOT NULL COMMENT 'given name',
    title VARCHAR(30) COMMENT 'job title',
    reports_to INTEGER COMMENT 'manager',
    birth_date DATETIME COMMENT 'date of birth',
    hire_date DATETIME COMMENT 'date of hire',
    address VARCHAR(70) COMMENT 'street address',
    city VARCHAR(40) COMMENT 'city',
    state VARCHAR(40) COMMENT 'state or province',
    country VARCHAR(40) COMMENT 'country',
    postal_code VARCHAR(10) COMMENT 'postal code',
    phone VARCHAR(24) COMMENT 'phone number',
    fax VARCHAR(24) COMMENT 'fax number',
    email VARCHAR(60) COMMENT 'work address'
) COMMENT='A member of staff; employees report to other employees';

-- Genre
CREATE TABLE genre (
    genre_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    name VARCHAR(120) COMMENT 'genre name'
) COMMENT='A musical genre';

-- Invoice
CREATE TABLE invoice (
    invoice_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    customer_id INTEGER NOT NULL COMMENT 'buyer',
    invoice_date DATETIME NOT NULL COMMENT 'date of purchase',
    billing_address VARCHAR(70) COMMENT 'street address at purchase time',
    billing_city VARCHAR(40) COMMENT 'city at purchase time',
    billing_state VARCHAR(40) COMMENT 'state at purchase time',
    billing_country VARCHAR(40) COMMENT 'country at purchase time',
    billing_postal_code VARCHAR(10) COMMENT 'postal code at purchase time',
    total NUMERIC(10, 2) NOT NULL COMMENT 'sum of the lines'
) COMMENT='A purchase by one customer';

-- InvoiceLine
CREATE TABLE invoice_line (
    invoice_line_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    invoice_id INTEGER NOT NULL COMMENT 'invoice',
    track_id INTEGER NOT NULL COMMENT 'purchased track',
    unit_price NUMERIC(10, 2) NOT NULL COMMENT 'price paid per unit',
    quantity INTEGER NOT NULL COMMENT 'units bought'
) COMMENT='One purchased track of an invoice';

-- MediaType
CREATE TABLE media_type (
    media_type_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    name VARCHAR(120) COMMENT 'format name'
) COMMENT='An audio or video file format';

-- Playlist
CREATE TABLE playlist (
    playlist_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    name VARCHAR(120) COMMENT 'playlist name'
) COMMENT='A named list of tracks';

-- PlaylistTrack
CREATE TABLE playlist_track (
    playlist_id INTEGER NOT NULL COMMENT 'playlist',
    track_id INTEGER NOT NULL COMMENT 'track',
    PRIMARY KEY (playlist_id, track_id)
) COMMENT='Junction between playlists and tracks';

-- Track
CREATE TABLE track (
    track_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    name VARCHAR(200) NOT NULL COMMENT 'track title',
    album_id INTEGER COMMENT 'album it appears on',
    media_type_id INTEGER NOT NULL COMMENT 'file format',
    genre_id INTEGER COMMENT 'genre',
    composer VARCHAR(220) COMMENT 'composer names',
    milliseconds INTEGER NOT NULL COMMENT 'duration',
    bytes INTEGER COMMENT 'file size',
    unit_price NUMERIC(10, 2) NOT NULL COMMENT 'list price'
) COMMENT='A song or video for sale';

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
