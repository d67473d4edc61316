/*
 * migrate.c: `awards migrate`.  Applies the embedded sql/NNNN_*.sql files
 * in order, each once and in its own transaction, recording each in
 * schema_migrations.  An advisory lock makes two processes at once safe:
 * the second waits, then finds nothing left to do.
 */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "awards.h"
#include "migrate.h"

/* Any constant, the same in every process: "awards" in ASCII. */
#define MIGRATE_LOCK	"617761726473"

/* Runs trusted SQL text (a migration, no parameters).  Returns 0 or -1. */
static int
migrate_exec(PGconn *conn, const char *sql, const char *what)
{
	PGresult	*res = PQexec(conn, sql);
	ExecStatusType	 st = PQresultStatus(res);
	int		 ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;

	if (!ok)
		fprintf(stderr, "awards migrate: %s: %s", what,
		    PQresultErrorMessage(res));
	PQclear(res);
	return ok ? 0 : -1;
}

/* Whether migration name was applied: 1, 0, or -1 on failure. */
static int
migrate_applied(PGconn *conn, const char *name)
{
	const char	*params[1] = { name };
	PGresult	*res;
	int		 found;

	res = PQexecParams(conn, "SELECT 1 FROM schema_migrations "
	    "WHERE name = $1", 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "awards migrate: %s",
		    PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	found = PQntuples(res) > 0;
	PQclear(res);
	return found;
}

/* Records migration name inside the open transaction.  Returns 0 or -1. */
static int
migrate_record(PGconn *conn, const char *name)
{
	const char	*params[1] = { name };
	PGresult	*res;
	int		 ok;

	res = PQexecParams(conn, "INSERT INTO schema_migrations (name) "
	    "VALUES ($1)", 1, NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "awards migrate: %s",
		    PQresultErrorMessage(res));
	PQclear(res);
	return ok ? 0 : -1;
}

/*
 * Applies what is missing.  Returns 0, or -1 after printing why; a failed
 * migration is rolled back whole and stops the run.
 */
int
migrate_run(const char *database_url)
{
	PGconn				*conn;
	const struct migration		*m;
	int				 rc = -1, applied = 0, done;

	conn = PQconnectdb(database_url);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "awards migrate: %s", PQerrorMessage(conn));
		goto out;
	}
	if (migrate_exec(conn, "SET client_min_messages = warning",
	    "settings") == -1 ||
	    migrate_exec(conn, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")",
	    "lock") == -1 ||
	    migrate_exec(conn, "CREATE TABLE IF NOT EXISTS schema_migrations "
	    "(name text PRIMARY KEY, applied_at timestamptz NOT NULL "
	    "DEFAULT now())", "schema_migrations") == -1)
		goto out;
	for (m = migrations; m->name != NULL; m++) {
		if ((done = migrate_applied(conn, m->name)) == -1)
			goto out;
		if (done)
			continue;
		if (migrate_exec(conn, "BEGIN", m->name) == -1)
			goto out;
		if (migrate_exec(conn, m->sql, m->name) == -1 ||
		    migrate_record(conn, m->name) == -1 ||
		    migrate_exec(conn, "COMMIT", m->name) == -1) {
			migrate_exec(conn, "ROLLBACK", m->name);
			goto out;
		}
		printf("applied %s\n", m->name);
		applied++;
	}
	if (applied == 0)
		printf("nothing to apply\n");
	rc = 0;
out:
	PQfinish(conn);
	return rc;
}
