-- The organizers' contact address (contact.c).

-- name: SQL_CONTACT_CURRENT
-- Whom a visitor of a public page writes to: contact_address()
-- (migration 0012) of no particular cycle, i.e. that of the cycle open
-- for nominations, else of the newest that names one; NULL for none.
SELECT contact_address(NULL) AS contact_email;
