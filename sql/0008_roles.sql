-- Roles (SPEC §7): migrations run as the owner role, which owns every
-- object; awards serve and awards mailer connect as the application role
-- awards_app (or a login role granted it), with only the rights they
-- need.  On audit_log that is INSERT and SELECT: the application cannot
-- change the audit log even if it tried, and, owning nothing, it can
-- neither drop the append-only trigger nor alter the table.
--
-- The operator creates awards_app before migrating (make run, the tests
-- and deploy/ do; see README.md, "Roles").
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'awards_app')
	THEN
		RAISE EXCEPTION 'role awards_app does not exist: create it '
		    'first (CREATE ROLE awards_app LOGIN), see README.md';
	END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO awards_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public
    TO awards_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO awards_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO awards_app;

-- Tables and sequences that later migrations create, run by the same
-- owner role, get the same rights without a word.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO awards_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO awards_app;

-- The exceptions: the history is append-only, and the migrations' own
-- record is the owner's.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM awards_app;
REVOKE ALL ON schema_migrations FROM awards_app;
