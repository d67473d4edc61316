-- awards serve and awards mailer compare the migrations they carry with
-- those applied before they start (migrate.c, migrate_check), so the
-- application role reads schema_migrations; writing it stays the owner's.
GRANT SELECT ON schema_migrations TO awards_app;
