-- The catalogue: authors and their books. `revision` moves on every change of a row, so a
-- representation's validator is read from the rows it shows without building it.
CREATE TABLE authors (
    id       INTEGER PRIMARY KEY,
    name     TEXT    NOT NULL,
    born     INTEGER,
    revision INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE books (
    id        INTEGER PRIMARY KEY,
    title     TEXT    NOT NULL,
    isbn      TEXT    NOT NULL UNIQUE,
    year      INTEGER NOT NULL,
    author_id INTEGER NOT NULL REFERENCES authors (id),
    revision  INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX books_by_author ON books (author_id, id);

-- One counter every write moves: the version of every collection page.
CREATE TABLE catalogue (version INTEGER NOT NULL);
INSERT INTO catalogue (version) VALUES (1);
CREATE TRIGGER books_inserted AFTER INSERT ON books BEGIN UPDATE catalogue SET version = version + 1; END;
CREATE TRIGGER books_updated AFTER UPDATE ON books BEGIN UPDATE catalogue SET version = version + 1; END;
CREATE TRIGGER books_deleted AFTER DELETE ON books BEGIN UPDATE catalogue SET version = version + 1; END;
CREATE TRIGGER authors_inserted AFTER INSERT ON authors BEGIN UPDATE catalogue SET version = version + 1; END;
CREATE TRIGGER authors_updated AFTER UPDATE ON authors BEGIN UPDATE catalogue SET version = version + 1; END;
CREATE TRIGGER authors_deleted AFTER DELETE ON authors BEGIN UPDATE catalogue SET version = version + 1; END;

INSERT INTO authors (id, name, born) VALUES
    (1, 'Mary Shelley', 1797),
    (2, 'Jules Verne', 1828),
    (3, 'Jane Austen', 1775);
INSERT INTO books (title, isbn, year, author_id) VALUES
    ('Frankenstein', '9780141439471', 1818, 1),
    ('The Last Man', '9780192838650', 1826, 1),
    ('Twenty Thousand Leagues Under the Seas', '9780199539277', 1870, 2),
    ('Around the World in Eighty Days', '9780199552115', 1872, 2),
    ('Journey to the Centre of the Earth', '9780140449099', 1864, 2),
    ('Pride and Prejudice', '9780141439518', 1813, 3),
    ('Emma', '9780141439587', 1815, 3),
    ('Persuasion', '9780141439686', 1817, 3);
