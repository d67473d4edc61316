/*
 * migrate.c: `awards migrate`.  Applies the embedded sql/NNNN_*.sql files
 * in order, each once and in its own transaction, recording each in
 * schema_migrations, then sql/grants.sql.  An advisory lock makes two
 * processes at once safe: the second waits, then finds nothing left to do.
 */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "awards.h"
#include "db.h"
#include "migrate.h"

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

/*
 * Runs statement stmt of sql/queries (unprepared: this connection has
 * none) with at most one parameter.  Returns its number of rows, or -1
 * after printing why.
 */
static int
migrate_query(PGconn *conn, enum sqlstmt stmt, const char *param)
{
	PGresult	*res;
	ExecStatusType	 st;
	int		 rows = -1;

	res = PQexecParams(conn, sqls[stmt], param != NULL, NULL, &param,
	    NULL, NULL, 0);
	st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		rows = PQntuples(res);
	else
		fprintf(stderr, "awards migrate: %s: %s", sql_names[stmt],
		    PQresultErrorMessage(res));
	PQclear(res);
	return rows;
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
	if (migrate_query(conn, SQL_MIGRATE_SETTINGS, NULL) == -1 ||
	    migrate_query(conn, SQL_MIGRATE_LOCK, NULL) == -1 ||
	    migrate_query(conn, SQL_MIGRATE_TABLE, NULL) == -1)
		goto out;
	for (m = migrations; m->name != NULL; m++) {
		if ((done = migrate_query(conn, SQL_MIGRATE_APPLIED,
		    m->name)) == -1)
			goto out;
		if (done)
			continue;
		if (migrate_query(conn, SQL_BEGIN, NULL) == -1)
			goto out;
		if (migrate_exec(conn, m->sql, m->name) == -1 ||
		    migrate_query(conn, SQL_MIGRATE_RECORD, m->name) == -1 ||
		    migrate_query(conn, SQL_COMMIT, NULL) == -1) {
			migrate_query(conn, SQL_ROLLBACK, NULL);
			goto out;
		}
		printf("applied %s\n", m->name);
		applied++;
	}
	/*
	 * The application role's rights, on every run and after the
	 * migrations (which may have made the tables they name): a file
	 * edited like code rather than a migration, so the rights are
	 * always what it says (sql/grants.sql).
	 */
	if (migrate_query(conn, SQL_BEGIN, NULL) == -1)
		goto out;
	if (migrate_exec(conn, grants_sql, "grants") == -1 ||
	    migrate_query(conn, SQL_COMMIT, NULL) == -1) {
		migrate_query(conn, SQL_ROLLBACK, NULL);
		goto out;
	}
	if (applied == 0)
		printf("nothing to apply\n");
	rc = 0;
out:
	PQfinish(conn);
	return rc;
}
