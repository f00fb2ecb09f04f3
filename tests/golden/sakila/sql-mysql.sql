-- Actor
CREATE TABLE actor (
    actor_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    first_name VARCHAR(45) NOT NULL COMMENT 'given name',
    last_name VARCHAR(45) NOT NULL COMMENT 'family name',
    last_update DATETIME NOT NULL COMMENT 'set by a trigger on every write'
) COMMENT='A film actor';

-- Country
CREATE TABLE country (
    country_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    country VARCHAR(50) NOT NULL COMMENT 'country name',
    last_update DATETIME COMMENT 'set by a trigger on every write'
) COMMENT='A country';

-- City
CREATE TABLE city (
    city_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    city VARCHAR(50) NOT NULL COMMENT 'city name',
    country_id INTEGER NOT NULL COMMENT 'country',
    last_update DATETIME NOT NULL COMMENT 'set by a trigger on every write'
) COMMENT='A city of a country';

-- Address
CREATE TABLE address (
    address_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    address VARCHAR(50) NOT NULL COMMENT 'street address',
    address2 VARCHAR(50) COMMENT 'second address line',
    district VARCHAR(20) NOT NULL COMMENT 'district or region',
    city_id INTEGER NOT NULL COMMENT 'city',
    postal_code VARCHAR(10) COMMENT 'postal code',
    phone VARCHAR(20) NOT NULL COMMENT 'phone number',
    last_update DATETIME NOT NULL COMMENT 'set by a trigger on every write'
) COMMENT='A postal address of a customer, staff member or store';

-- Language
CREATE TABLE language (
    language_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    name CHAR(20) NOT NULL COMMENT 'language name',
    last_update DATETIME NOT NULL COMMENT 'set by a trigger on every write'
) COMMENT='A spoken language of films';

-- Category
CREATE TABLE category (
    category_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    name VARCHAR(25) NOT NULL COMMENT 'category name',
    last_update DATETIME NOT NULL COMMENT 'set by a trigger on every write'
) COMMENT='A film category (genre)';

-- Customer
CREATE TABLE customer (
    customer_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    store_id INTEGER NOT NULL COMMENT 'home store',
    first_name VARCHAR(45) NOT NULL COMMENT 'given name',
    last_name VARCHAR(45) NOT NULL COMMENT 'family name',
    email VARCHAR(50) COMMENT 'contact address',
    address_id INTEGER NOT NULL COMMENT 'postal address',
    active CHAR(1) NOT NULL COMMENT 'Y while the customer may rent' DEFAULT 'Y',
    create_date DATETIME NOT NULL COMMENT 'registration time',
    last_update DATETIME NOT NULL COMMENT 'set by a trigger on every write'
) COMMENT='A customer registered at one store';

-- Film
CREATE TABLE film (
    film_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    title VARCHAR(255) NOT NULL COMMENT 'film title',
    description TEXT COMMENT 'plot summary',
    release_year VARCHAR(4) COMMENT 'year of release',
    language_id INTEGER NOT NULL COMMENT 'spoken language',
    original_language_id INTEGER COMMENT 'original language when dubbed',
    rental_duration SMALLINT NOT NULL COMMENT 'rental period in days' DEFAULT 3,
    rental_rate NUMERIC(4, 2) NOT NULL COMMENT 'price of a rental' DEFAULT (4.99),
    length SMALLINT COMMENT 'running time in minutes',
    replacement_cost NUMERIC(5, 2) NOT NULL COMMENT 'charged when not returned' DEFAULT (19.99),
    rating VARCHAR(10) COMMENT 'MPAA rating' DEFAULT 'G',
    special_features VARCHAR(100) COMMENT 'Trailers, Commentaries, Deleted Scenes, Behind the Scenes',
    last_update DATETIME NOT NULL COMMENT 'set by a trigger on every write',
    CONSTRAINT `CHECK_special_features` CHECK (special_features IS NULL OR special_features LIKE '%Trailers%' OR special_features LIKE '%Commentaries%' OR special_features LIKE '%Deleted Scenes%' OR special_features LIKE '%Behind the Scenes%'),
    CONSTRAINT `CHECK_special_rating` CHECK (rating IN ('G', 'PG', 'PG-13', 'R', 'NC-17'))
) COMMENT='A film title in the catalogue';

-- FilmActor
CREATE TABLE film_actor (
    actor_id INTEGER NOT NULL COMMENT 'actor',
    film_id INTEGER NOT NULL COMMENT 'film',
    last_update DATETIME NOT NULL COMMENT 'set by a trigger on every write',
    PRIMARY KEY (actor_id, film_id)
) COMMENT='Junction between films and actors';

-- FilmCategory
CREATE TABLE film_category (
    film_id INTEGER NOT NULL COMMENT 'film',
    category_id INTEGER NOT NULL COMMENT 'category',
    last_update DATETIME NOT NULL COMMENT 'set by a trigger on every write',
    PRIMARY KEY (film_id, category_id)
) COMMENT='Junction between films and categories';

-- FilmText
CREATE TABLE film_text (
    film_id INTEGER PRIMARY KEY COMMENT 'the film''s id (no foreign key in the source)',
    title VARCHAR(255) NOT NULL COMMENT 'film title',
    description TEXT COMMENT 'plot summary'
) COMMENT='Title and description of films for full-text search';

-- Inventory
CREATE TABLE inventory (
    inventory_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    film_id INTEGER NOT NULL COMMENT 'film on the copy',
    store_id INTEGER NOT NULL COMMENT 'store holding it',
    last_update DATETIME NOT NULL COMMENT 'set by a trigger on every write'
) COMMENT='One copy of a film held by a store';

-- Staff
CREATE TABLE staff (
    staff_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    first_name VARCHAR(45) NOT NULL COMMENT 'given name',
    last_name VARCHAR(45) NOT NULL COMMENT 'family name',
    address_id INTEGER NOT NULL COMMENT 'postal address',
    picture BLOB COMMENT 'photo',
    email VARCHAR(50) COMMENT 'work address',
    store_id INTEGER NOT NULL COMMENT 'store of employment',
    active SMALLINT NOT NULL COMMENT '1 while employed' DEFAULT 1,
    username VARCHAR(16) NOT NULL COMMENT 'sign-in name',
    password VARCHAR(40) COMMENT 'password hash',
    last_update DATETIME NOT NULL COMMENT 'set by a trigger on every write'
) COMMENT='A store employee who can sign in';

-- Store
CREATE TABLE store (
    store_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    manager_staff_id INTEGER NOT NULL COMMENT 'the store''s manager',
    address_id INTEGER NOT NULL COMMENT 'postal address',
    last_update DATETIME NOT NULL COMMENT 'set by a trigger on every write'
) COMMENT='A rental store with one manager';

-- Payment
CREATE TABLE payment (
    payment_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    customer_id INTEGER NOT NULL COMMENT 'payer',
    staff_id INTEGER NOT NULL COMMENT 'staff member who took it',
    rental_id INTEGER COMMENT 'rental paid for',
    amount NUMERIC(5, 2) NOT NULL COMMENT 'amount paid',
    payment_date DATETIME NOT NULL COMMENT 'when it was paid',
    last_update DATETIME NOT NULL COMMENT 'set by a trigger on every write'
) COMMENT='A payment by a customer, taken by a staff member, usually for one rental';

-- Rental
CREATE TABLE rental (
    rental_id INTEGER PRIMARY KEY COMMENT 'unique identifier',
    rental_date DATETIME NOT NULL COMMENT 'when it was rented',
    inventory_id INTEGER NOT NULL COMMENT 'copy rented',
    customer_id INTEGER NOT NULL COMMENT 'renter',
    return_date DATETIME COMMENT 'when it came back',
    staff_id INTEGER NOT NULL COMMENT 'staff member who rented it out',
    last_update DATETIME NOT NULL COMMENT 'set by a trigger on every write'
) COMMENT='One rental of an inventory copy by a customer';

-- indexes
CREATE INDEX idx_actor_last_name ON actor (last_name);
CREATE INDEX idx_fk_country_id ON city (country_id);
CREATE INDEX idx_fk_city_id ON address (city_id);
CREATE INDEX idx_customer_fk_store_id ON customer (store_id);
CREATE INDEX idx_customer_fk_address_id ON customer (address_id);
CREATE INDEX idx_customer_last_name ON customer (last_name);
CREATE INDEX idx_fk_language_id ON film (language_id);
CREATE INDEX idx_fk_original_language_id ON film (original_language_id);
CREATE INDEX idx_fk_film_actor_film ON film_actor (film_id);
CREATE INDEX idx_fk_film_actor_actor ON film_actor (actor_id);
CREATE INDEX idx_fk_film_category_film ON film_category (film_id);
CREATE INDEX idx_fk_film_category_category ON film_category (category_id);
CREATE INDEX idx_fk_film_id ON inventory (film_id);
CREATE INDEX idx_fk_film_id_store_id ON inventory (store_id, film_id);
CREATE INDEX idx_fk_staff_store_id ON staff (store_id);
CREATE INDEX idx_fk_staff_address_id ON staff (address_id);
CREATE INDEX idx_store_fk_manager_staff_id ON store (manager_staff_id);
CREATE INDEX idx_fk_store_address ON store (address_id);
CREATE INDEX idx_fk_staff_id ON payment (staff_id);
CREATE INDEX idx_fk_customer_id ON payment (customer_id);
CREATE INDEX idx_rental_fk_inventory_id ON rental (inventory_id);
CREATE INDEX idx_rental_fk_customer_id ON rental (customer_id);
CREATE INDEX idx_rental_fk_staff_id ON rental (staff_id);
CREATE UNIQUE INDEX idx_rental_uq ON rental (rental_date, inventory_id, customer_id);

-- foreign keys
ALTER TABLE city
    ADD CONSTRAINT fk_city_country
    FOREIGN KEY (country_id) REFERENCES country (country_id) ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE address
    ADD CONSTRAINT fk_address_city
    FOREIGN KEY (city_id) REFERENCES city (city_id) ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE customer
    ADD CONSTRAINT fk_customer_store
    FOREIGN KEY (store_id) REFERENCES store (store_id) ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE customer
    ADD CONSTRAINT fk_customer_address
    FOREIGN KEY (address_id) REFERENCES address (address_id) ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE film
    ADD CONSTRAINT fk_film_language
    FOREIGN KEY (language_id) REFERENCES language (language_id);
ALTER TABLE film
    ADD CONSTRAINT fk_film_language_original
    FOREIGN KEY (original_language_id) REFERENCES language (language_id);
ALTER TABLE film_actor
    ADD CONSTRAINT fk_film_actor_actor
    FOREIGN KEY (actor_id) REFERENCES actor (actor_id) ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE film_actor
    ADD CONSTRAINT fk_film_actor_film
    FOREIGN KEY (film_id) REFERENCES film (film_id) ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE film_category
    ADD CONSTRAINT fk_film_category_film
    FOREIGN KEY (film_id) REFERENCES film (film_id) ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE film_category
    ADD CONSTRAINT fk_film_category_category
    FOREIGN KEY (category_id) REFERENCES category (category_id) ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE inventory
    ADD CONSTRAINT fk_inventory_store
    FOREIGN KEY (store_id) REFERENCES store (store_id) ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE inventory
    ADD CONSTRAINT fk_inventory_film
    FOREIGN KEY (film_id) REFERENCES film (film_id) ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE staff
    ADD CONSTRAINT fk_staff_store
    FOREIGN KEY (store_id) REFERENCES store (store_id) ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE staff
    ADD CONSTRAINT fk_staff_address
    FOREIGN KEY (address_id) REFERENCES address (address_id) ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE store
    ADD CONSTRAINT fk_store_staff
    FOREIGN KEY (manager_staff_id) REFERENCES staff (staff_id);
ALTER TABLE store
    ADD CONSTRAINT fk_store_address
    FOREIGN KEY (address_id) REFERENCES address (address_id);
ALTER TABLE payment
    ADD CONSTRAINT fk_payment_rental
    FOREIGN KEY (rental_id) REFERENCES rental (rental_id) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE payment
    ADD CONSTRAINT fk_payment_customer
    FOREIGN KEY (customer_id) REFERENCES customer (customer_id);
ALTER TABLE payment
    ADD CONSTRAINT fk_payment_staff
    FOREIGN KEY (staff_id) REFERENCES staff (staff_id);
ALTER TABLE rental
    ADD CONSTRAINT fk_rental_staff
    FOREIGN KEY (staff_id) REFERENCES staff (staff_id);
ALTER TABLE rental
    ADD CONSTRAINT fk_rental_inventory
    FOREIGN KEY (inventory_id) REFERENCES inventory (inventory_id);
ALTER TABLE rental
    ADD CONSTRAINT fk_rental_customer
    FOREIGN KEY (customer_id) REFERENCES customer (customer_id);
