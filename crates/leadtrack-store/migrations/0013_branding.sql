-- Branding (issue 6): the company's name, two colours and logo that handouts print. One row for
-- the whole app (id = 1); no row means "not set", and handouts keep their plain look.
CREATE TABLE branding (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    company_name TEXT NOT NULL,
    primary_color TEXT NOT NULL CHECK (length(primary_color) = 7 AND primary_color GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    accent_color TEXT NOT NULL CHECK (length(accent_color) = 7 AND accent_color GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    -- The file as chosen (checked to decode, at most 1 MiB and 2000 × 2000 px).
    logo BLOB CHECK (logo IS NULL OR length(logo) <= 1048576),
    logo_mime TEXT CHECK (logo_mime IN ('image/png', 'image/jpeg')),
    updated_at INTEGER NOT NULL,
    updated_by TEXT REFERENCES users (id),
    CHECK ((logo IS NULL) = (logo_mime IS NULL))
) STRICT;
