-- The AdoNet providers read their SQL from this table at start-up (QueryKey -> QueryText).
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);
