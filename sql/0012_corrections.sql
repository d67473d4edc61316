-- The function contact_address() that stood here moved to
-- sql/functions/ (20_contact_address.sql), the one live definition of each
-- function and view, applied by awards migrate after the numbered
-- migrations.  Editing an applied migration is allowed this once only:
-- migration checksums arrive in the same release, so every database in the
-- field has NULL checksums and adopts this text on its first migrate
-- (SQL_MIGRATE_ADOPT; docs/sql.md).

-- "Wrong address?" on the check-your-email screen, and the
-- organizers' contact address in every mail and on every error page.

-- The tab that submitted a nomination may correct the nominator's
-- address while the nomination is unconfirmed (nomination_correct(),
-- cgi/correct.c).  Its secret is server-made (256 bits, given once in the
-- 202), stored only as its SHA-256, single use (each correction replaces
-- it) and valid for one hour from the submission; corrections counts
-- them, so one nomination cannot be aimed at address after address.
ALTER TABLE nominations
	ADD COLUMN correction_hash bytea,
	ADD COLUMN correction_expires_at timestamptz,
	ADD COLUMN corrections integer NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX nominations_correction ON nominations (correction_hash)
    WHERE correction_hash IS NOT NULL;
