-- Actor
CREATE TABLE actor (
    actor_id INTEGER PRIMARY KEY,
    first_name VARCHAR(45) NOT NULL,
    last_name VARCHAR(45) NOT NULL,
    last_update TIMESTAMP WITHOUT TIME ZONE NOT NULL
);

-- Country
CREATE TABLE country (
    country_id INTEGER PRIMARY KEY,
    country VARCHAR(50) NOT NULL,
    last_update TIMESTAMP WITHOUT TIME ZONE
);

-- City
CREATE TABLE city (
    city_id INTEGER PRIMARY KEY,
    city VARCHAR(50) NOT NULL,
    country_id INTEGER NOT NULL,
    last_update TIMESTAMP WITHOUT TIME ZONE NOT NULL
);

-- Address
CREATE TABLE address (
    address_id INTEGER PRIMARY KEY,
    address VARCHAR(50) NOT NULL,
    address2 VARCHAR(50),
    district VARCHAR(20) NOT NULL,
    city_id INTEGER NOT NULL,
    postal_code VARCHAR(10),
    phone VARCHAR(20) NOT NULL,
    last_update TIMESTAMP WITHOUT TIME ZONE NOT NULL
);

-- Language
CREATE TABLE language (
    language_id INTEGER PRIMARY KEY,
    name CHAR(20) NOT NULL,
    last_update TIMESTAMP WITHOUT TIME ZONE NOT NULL
);

-- Category
CREATE TABLE category (
    category_id INTEGER PRIMARY KEY,
    name VARCHAR(25) NOT NULL,
    last_update TIMESTAMP WITHOUT TIME ZONE NOT NULL
);

-- Customer
CREATE TABLE customer (
    customer_id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL,
    first_name VARCHAR(45) NOT NULL,
    last_name VARCHAR(45) NOT NULL,
    email VARCHAR(50),
    address_id INTEGER NOT NULL,
    active CHAR(1) DEFAULT 'Y' NOT NULL,
    create_date TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    last_update TIMESTAMP WITHOUT TIME ZONE NOT NULL
);

-- Film
CREATE TABLE film (
    film_id INTEGER PRIMARY KEY,
    title VARCHAR(255) NOT NULL,
    description TEXT,
    release_year VARCHAR(4),
    language_id INTEGER NOT NULL,
    original_language_id INTEGER,
    rental_duration SMALLINT DEFAULT 3 NOT NULL,
    rental_rate NUMERIC(4, 2) DEFAULT 4.99 NOT NULL,
    length SMALLINT,
    replacement_cost NUMERIC(5, 2) DEFAULT 19.99 NOT NULL,
    rating VARCHAR(10) DEFAULT 'G',
    special_features VARCHAR(100),
    last_update TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    CONSTRAINT "CHECK_special_features" CHECK (special_features IS NULL OR special_features LIKE '%Trailers%' OR special_features LIKE '%Commentaries%' OR special_features LIKE '%Deleted Scenes%' OR special_features LIKE '%Behind the Scenes%'),
    CONSTRAINT "CHECK_special_rating" CHECK (rating IN ('G', 'PG', 'PG-13', 'R', 'NC-17'))
);

-- FilmActor
CREATE TABLE film_actor (
    actor_id INTEGER NOT NULL,
    film_id INTEGER NOT NULL,
    last_update TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    PRIMARY KEY (actor_id, film_id)
);

-- FilmCategory
CREATE TABLE film_category (
    film_id INTEGER NOT NULL,
    category_id INTEGER NOT NULL,
    last_update TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    PRIMARY KEY (film_id, category_id)
);

-- FilmText
CREATE TABLE film_text (
    film_id INTEGER PRIMARY KEY,
    title VARCHAR(255) NOT NULL,
    description TEXT
);

-- Inventory
CREATE TABLE inventory (
    inventory_id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    last_update TIMESTAMP WITHOUT TIME ZONE NOT NULL
);

-- Staff
CREATE TABLE staff (
    staff_id INTEGER PRIMARY KEY,
    first_name VARCHAR(45) NOT NULL,
    last_name VARCHAR(45) NOT NULL,
    address_id INTEGER NOT NULL,
    picture BYTEA,
    email VARCHAR(50),
    store_id INTEGER NOT NULL,
    active SMALLINT DEFAULT 1 NOT NULL,
    username VARCHAR(16) NOT NULL,
    password VARCHAR(40),
    last_update TIMESTAMP WITHOUT TIME ZONE NOT NULL
);

-- Store
CREATE TABLE store (
    store_id INTEGER PRIMARY KEY,
    manager_staff_id INTEGER NOT NULL,
    address_id INTEGER NOT NULL,
    last_update TIMESTAMP WITHOUT TIME ZONE NOT NULL
);

-- Payment
CREATE TABLE payment (
    payment_id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    staff_id INTEGER NOT NULL,
    rental_id INTEGER,
    amount NUMERIC(5, 2) NOT NULL,
    payment_date TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    last_update TIMESTAMP WITHOUT TIME ZONE NOT NULL
);

-- Rental
CREATE TABLE rental (
    rental_id INTEGER PRIMARY KEY,
    rental_date TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    inventory_id INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    return_date TIMESTAMP WITHOUT TIME ZONE,
    staff_id INTEGER NOT NULL,
    last_update TIMESTAMP WITHOUT TIME ZONE NOT NULL
);

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

-- comments
COMMENT ON TABLE actor IS 'A film actor';
COMMENT ON COLUMN actor.actor_id IS 'unique identifier';
COMMENT ON COLUMN actor.first_name IS 'given name';
COMMENT ON COLUMN actor.last_name IS 'family name';
COMMENT ON COLUMN actor.last_update IS 'set by a trigger on every write';
COMMENT ON TABLE country IS 'A country';
COMMENT ON COLUMN country.country_id IS 'unique identifier';
COMMENT ON COLUMN country.country IS 'country name';
COMMENT ON COLUMN country.last_update IS 'set by a trigger on every write';
COMMENT ON TABLE city IS 'A city of a country';
COMMENT ON COLUMN city.city_id IS 'unique identifier';
COMMENT ON COLUMN city.city IS 'city name';
COMMENT ON COLUMN city.country_id IS 'country';
COMMENT ON COLUMN city.last_update IS 'set by a trigger on every write';
COMMENT ON TABLE address IS 'A postal address of a customer, staff member or store';
COMMENT ON COLUMN address.address_id IS 'unique identifier';
COMMENT ON COLUMN address.address IS 'street address';
COMMENT ON COLUMN address.address2 IS 'second address line';
COMMENT ON COLUMN address.district IS 'district or region';
COMMENT ON COLUMN address.city_id IS 'city';
COMMENT ON COLUMN address.postal_code IS 'postal code';
COMMENT ON COLUMN address.phone IS 'phone number';
COMMENT ON COLUMN address.last_update IS 'set by a trigger on every write';
COMMENT ON TABLE language IS 'A spoken language of films';
COMMENT ON COLUMN language.language_id IS 'unique identifier';
COMMENT ON COLUMN language.name IS 'language name';
COMMENT ON COLUMN language.last_update IS 'set by a trigger on every write';
COMMENT ON TABLE category IS 'A film category (genre)';
COMMENT ON COLUMN category.category_id IS 'unique identifier';
COMMENT ON COLUMN category.name IS 'category name';
COMMENT ON COLUMN category.last_update IS 'set by a trigger on every write';
COMMENT ON TABLE customer IS 'A customer registered at one store';
COMMENT ON COLUMN customer.customer_id IS 'unique identifier';
COMMENT ON COLUMN customer.store_id IS 'home store';
COMMENT ON COLUMN customer.first_name IS 'given name';
COMMENT ON COLUMN customer.last_name IS 'family name';
COMMENT ON COLUMN customer.email IS 'contact address';
COMMENT ON COLUMN customer.address_id IS 'postal address';
COMMENT ON COLUMN customer.active IS 'Y while the customer may rent';
COMMENT ON COLUMN customer.create_date IS 'registration time';
COMMENT ON COLUMN customer.last_update IS 'set by a trigger on every write';
COMMENT ON TABLE film IS 'A film title in the catalogue';
COMMENT ON COLUMN film.film_id IS 'unique identifier';
COMMENT ON COLUMN film.title IS 'film title';
COMMENT ON COLUMN film.description IS 'plot summary';
COMMENT ON COLUMN film.release_year IS 'year of release';
COMMENT ON COLUMN film.language_id IS 'spoken language';
COMMENT ON COLUMN film.original_language_id IS 'original language when dubbed';
COMMENT ON COLUMN film.rental_duration IS 'rental period in days';
COMMENT ON COLUMN film.rental_rate IS 'price of a rental';
COMMENT ON COLUMN film.length IS 'running time in minutes';
COMMENT ON COLUMN film.replacement_cost IS 'charged when not returned';
COMMENT ON COLUMN film.rating IS 'MPAA rating';
COMMENT ON COLUMN film.special_features IS 'Trailers, Commentaries, Deleted Scenes, Behind the Scenes';
COMMENT ON COLUMN film.last_update IS 'set by a trigger on every write';
COMMENT ON TABLE film_actor IS 'Junction between films and actors';
COMMENT ON COLUMN film_actor.actor_id IS 'actor';
COMMENT ON COLUMN film_actor.film_id IS 'film';
COMMENT ON COLUMN film_actor.last_update IS 'set by a trigger on every write';
COMMENT ON TABLE film_category IS 'Junction between films and categories';
COMMENT ON COLUMN film_category.film_id IS 'film';
COMMENT ON COLUMN film_category.category_id IS 'category';
COMMENT ON COLUMN film_category.last_update IS 'set by a trigger on every write';
COMMENT ON TABLE film_text IS 'Title and description of films for full-text search';
COMMENT ON COLUMN film_text.film_id IS 'the film''s id (no foreign key in the source)';
COMMENT ON COLUMN film_text.title IS 'film title';
COMMENT ON COLUMN film_text.description IS 'plot summary';
COMMENT ON TABLE inventory IS 'One copy of a film held by a store';
COMMENT ON COLUMN inventory.inventory_id IS 'unique identifier';
COMMENT ON COLUMN inventory.film_id IS 'film on the copy';
COMMENT ON COLUMN inventory.store_id IS 'store holding it';
COMMENT ON COLUMN inventory.last_update IS 'set by a trigger on every write';
COMMENT ON TABLE staff IS 'A store employee who can sign in';
COMMENT ON COLUMN staff.staff_id IS 'unique identifier';
COMMENT ON COLUMN staff.first_name IS 'given name';
COMMENT ON COLUMN staff.last_name IS 'family name';
COMMENT ON COLUMN staff.address_id IS 'postal address';
COMMENT ON COLUMN staff.picture IS 'photo';
COMMENT ON COLUMN staff.email IS 'work address';
COMMENT ON COLUMN staff.store_id IS 'store of employment';
COMMENT ON COLUMN staff.active IS '1 while employed';
COMMENT ON COLUMN staff.username IS 'sign-in name';
COMMENT ON COLUMN staff.password IS 'password hash';
COMMENT ON COLUMN staff.last_update IS 'set by a trigger on every write';
COMMENT ON TABLE store IS 'A rental store with one manager';
COMMENT ON COLUMN store.store_id IS 'unique identifier';
COMMENT ON COLUMN store.manager_staff_id IS 'the store''s manager';
COMMENT ON COLUMN store.address_id IS 'postal address';
COMMENT ON COLUMN store.last_update IS 'set by a trigger on every write';
COMMENT ON TABLE payment IS 'A payment by a customer, taken by a staff member, usually for one rental';
COMMENT ON COLUMN payment.payment_id IS 'unique identifier';
COMMENT ON COLUMN payment.customer_id IS 'payer';
COMMENT ON COLUMN payment.staff_id IS 'staff member who took it';
COMMENT ON COLUMN payment.rental_id IS 'rental paid for';
COMMENT ON COLUMN payment.amount IS 'amount paid';
COMMENT ON COLUMN payment.payment_date IS 'when it was paid';
COMMENT ON COLUMN payment.last_update IS 'set by a trigger on every write';
COMMENT ON TABLE rental IS 'One rental of an inventory copy by a customer';
COMMENT ON COLUMN rental.rental_id IS 'unique identifier';
COMMENT ON COLUMN rental.rental_date IS 'when it was rented';
COMMENT ON COLUMN rental.inventory_id IS 'copy rented';
COMMENT ON COLUMN rental.customer_id IS 'renter';
COMMENT ON COLUMN rental.return_date IS 'when it came back';
COMMENT ON COLUMN rental.staff_id IS 'staff member who rented it out';
COMMENT ON COLUMN rental.last_update IS 'set by a trigger on every write';
