/*
 * migrate.c: `awards migrate`.  Applies the embedded sql/NNNN_*.sql files
 * in order, each once and in its own transaction, recording each in
 * schema_migrations with the SHA-256 of its text; then the function
 * files sql/functions/NN_*.sql whose text changed (schema_functions),
 * then sql/grants.sql (docs/sql.md).
 * An applied migration is immutable: a text that differs from the one
 * applied stops the run, and `awards serve` and `awards mailer` refuse to
 * start on a database whose migrations are not exactly those they carry
 * (migrate_check).  An advisory lock makes two processes at once safe:
 * the second waits, then finds nothing left to do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "awards.h"
#include "db.h"
#include "migrate.h"

/* Runs trusted SQL text (a migration, no parameters).  Returns 0 or -1. */
static int
migrate_exec(PGconn *conn, const char *sql, const char *what)
{
	PGresult	*res = PQexec(conn, sql);
	ExecStatusType	 st = PQresultStatus(res);
	int		 ok;

	/* A migration whose content moved to sql/functions is comments. */
	ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ||
	    st == PGRES_EMPTY_QUERY;

	if (!ok)
		fprintf(stderr, "awards migrate: %s: %s", what,
		    PQresultErrorMessage(res));
	PQclear(res);
	return ok ? 0 : -1;
}

/*
 * Runs statement stmt of sql/queries (unprepared: this connection has
 * none) with its nparams parameters.  Returns its number of rows, or -1
 * after printing why.
 */
static int
migrate_query(PGconn *conn, enum sqlstmt stmt, int nparams,
    const char *const *params)
{
	PGresult	*res;
	ExecStatusType	 st;
	int		 rows = -1;

	res = PQexecParams(conn, sqls[stmt], nparams, NULL, params, NULL,
	    NULL, 0);
	st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		rows = PQntuples(res);
	else
		fprintf(stderr, "awards migrate: %s: %s", sql_names[stmt],
		    PQresultErrorMessage(res));
	PQclear(res);
	return rows;
}

#define MIGRATE_CHECKSUM_SIZE	(2 * crypto_hash_sha256_BYTES + 1)

/* The SHA-256 of m's text (a migration's or a function file's), in hex. */
static void
migrate_checksum(const struct migration *m, char hex[MIGRATE_CHECKSUM_SIZE])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)m->sql, strlen(m->sql));
	sodium_bin2hex(hex, MIGRATE_CHECKSUM_SIZE, h, sizeof(h));
}

/*
 * The names and the SHA-256 (hex) of the embedded migrations, in order,
 * as two PostgreSQL array literals; names are [0-9a-z_], so they need no
 * quoting.  SQL_SCHEMA_CHECK and SQL_HEALTH take them.  The caller frees
 * both.  Returns 0, or -1 out of memory.
 */
int
migrate_expected(char **names, char **sums)
{
	const struct migration	*m;
	struct buf		 n = { 0 }, c = { 0 };
	char			 hex[MIGRATE_CHECKSUM_SIZE];

	*names = *sums = NULL;
	buf_str(&n, "{");
	buf_str(&c, "{");
	for (m = migrations; m->name != NULL; m++) {
		migrate_checksum(m, hex);
		buf_str(&n, m == migrations ? "" : ",");
		buf_str(&n, m->name);
		buf_str(&c, m == migrations ? "" : ",");
		buf_str(&c, hex);
	}
	buf_str(&n, "}");
	buf_str(&c, "}");
	if (buf_finish(&n, names, NULL) == -1 ||
	    buf_finish(&c, sums, NULL) == -1) {
		free(*names);
		buf_free(&c);
		*names = NULL;
		return -1;
	}
	return 0;
}

/*
 * Runs SQL_SCHEMA_CHECK on conn.  Returns 0 when the database applied
 * exactly the embedded migrations, -1 after printing (as who) the first
 * that differs or is missing, or -1 after printing why it could not ask.
 */
static int
migrate_compare(PGconn *conn, const char *who, const char *names,
    const char *sums)
{
	const char	*params[2] = { names, sums };
	PGresult	*res;
	int		 rc = -1;

	res = PQexecParams(conn, sqls[SQL_SCHEMA_CHECK], 2, NULL, params,
	    NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fprintf(stderr, "awards %s: cannot compare the migrations "
		    "(run awards migrate first?): %s", who,
		    PQresultErrorMessage(res));
	else if (PQntuples(res) == 0)
		rc = 0;
	else if (strcmp(PQgetvalue(res, 0, PQfnumber(res, "missing")),
	    "t") == 0)
		fprintf(stderr, "awards %s: migration sql/%s.sql is not applied"
		    ": run awards migrate first\n", who,
		    PQgetvalue(res, 0, PQfnumber(res, "name")));
	else
		fprintf(stderr, "awards %s: migration sql/%s.sql differs from "
		    "the text applied: applied migrations must not change\n",
		    who, PQgetvalue(res, 0, PQfnumber(res, "name")));
	PQclear(res);
	return rc;
}

/*
 * For `awards serve` and `awards mailer` (who) at start: whether the
 * database at database_url applied exactly the migrations this binary
 * carries.  Returns 0 when it did or when the database cannot be reached
 * now (the process starts and retries its connection, as ever), -1
 * after printing the one line saying which migration is the matter.
 */
int
migrate_check(const char *database_url, const char *who)
{
	PGconn	*conn;
	char	*names = NULL, *sums = NULL;
	int	 rc = 0;

	conn = db_connect(database_url, config.database_password);
	if (PQstatus(conn) != CONNECTION_OK)
		goto out;
	if (migrate_expected(&names, &sums) == -1) {
		fprintf(stderr, "awards %s: out of memory\n", who);
		rc = -1;
		goto out;
	}
	rc = migrate_compare(conn, who, names, sums);
out:
	free(names);
	free(sums);
	PQfinish(conn);
	return rc;
}

/* Runs statement stmt with the two arrays.  Returns 0 or -1 (printed). */
static int
migrate_arrays_query(PGconn *conn, enum sqlstmt stmt, const char *names,
    const char *sums)
{
	const char	*params[2] = { names, sums };
	PGresult	*res;
	int		 ok;

	res = PQexecParams(conn, sqls[stmt], 2, NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "awards migrate: %s: %s", sql_names[stmt],
		    PQresultErrorMessage(res));
	PQclear(res);
	return ok ? 0 : -1;
}

/* Records m as applied, with the SHA-256 of its text.  Returns 0 or -1. */
static int
migrate_record(PGconn *conn, const struct migration *m)
{
	char		 hex[MIGRATE_CHECKSUM_SIZE];
	const char	*params[2] = { m->name, hex };
	PGresult	*res;
	int		 ok;

	migrate_checksum(m, hex);
	res = PQexecParams(conn, sqls[SQL_MIGRATE_RECORD], 2, NULL, params,
	    NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "awards migrate: %s: %s", m->name,
		    PQresultErrorMessage(res));
	PQclear(res);
	return ok ? 0 : -1;
}

/*
 * Applies, in order and in one transaction, the function files whose text
 * is not the one last applied, or all of them when all is set (after a
 * migration, which may have dropped a view to change a table under it).
 * Returns 0, or -1 after printing why, nothing applied.
 */
static int
migrate_functions(PGconn *conn, int all)
{
	const struct migration	*f;
	char			 hex[MIGRATE_CHECKSUM_SIZE];
	const char		*params[2] = { NULL, hex };
	int			 current;

	if (migrate_query(conn, SQL_BEGIN, 0, NULL) == -1)
		return -1;
	for (f = function_files; f->name != NULL; f++) {
		migrate_checksum(f, hex);
		params[0] = f->name;
		if ((current = migrate_query(conn,
		    SQL_MIGRATE_FUNCTION_CURRENT, 2, params)) == -1)
			goto fail;
		if (current && !all)
			continue;
		if (migrate_exec(conn, f->sql, f->name) == -1 ||
		    migrate_query(conn, SQL_MIGRATE_FUNCTION_RECORD, 2,
		    params) == -1)
			goto fail;
		if (!current)
			printf("applied functions/%s\n", f->name);
	}
	if (migrate_query(conn, SQL_COMMIT, 0, NULL) == -1)
		goto fail;
	return 0;
fail:
	migrate_query(conn, SQL_ROLLBACK, 0, NULL);
	return -1;
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
	char				*names = NULL, *sums = NULL;
	int				 rc = -1, applied = 0, done;

	conn = PQconnectdb(database_url);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "awards migrate: %s", PQerrorMessage(conn));
		goto out;
	}
	if (migrate_query(conn, SQL_MIGRATE_SETTINGS, 0, NULL) == -1 ||
	    migrate_query(conn, SQL_MIGRATE_LOCK, 0, NULL) == -1 ||
	    migrate_query(conn, SQL_MIGRATE_TABLE, 0, NULL) == -1 ||
	    migrate_query(conn, SQL_MIGRATE_CHECKSUM_COLUMN, 0, NULL) == -1 ||
	    migrate_query(conn, SQL_MIGRATE_FUNCTIONS_TABLE, 0, NULL) == -1)
		goto out;
	if (migrate_expected(&names, &sums) == -1) {
		fprintf(stderr, "awards migrate: out of memory\n");
		goto out;
	}
	if (migrate_arrays_query(conn, SQL_MIGRATE_ADOPT, names, sums) == -1)
		goto out;
	for (m = migrations; m->name != NULL; m++) {
		if ((done = migrate_query(conn, SQL_MIGRATE_APPLIED, 1,
		    &m->name)) == -1)
			goto out;
		if (done)
			continue;
		if (migrate_query(conn, SQL_BEGIN, 0, NULL) == -1)
			goto out;
		if (migrate_exec(conn, m->sql, m->name) == -1 ||
		    migrate_record(conn, m) == -1 ||
		    migrate_query(conn, SQL_COMMIT, 0, NULL) == -1) {
			migrate_query(conn, SQL_ROLLBACK, 0, NULL);
			goto out;
		}
		printf("applied %s\n", m->name);
		applied++;
	}
	/* The functions and views, over the tables as now migrated. */
	if (migrate_functions(conn, applied > 0) == -1)
		goto out;
	/*
	 * The application role's rights, on every run and after the
	 * migrations (which may have made the tables they name): a file
	 * edited like code rather than a migration, so the rights are
	 * always what it says (sql/grants.sql).
	 */
	if (migrate_query(conn, SQL_BEGIN, 0, NULL) == -1)
		goto out;
	if (migrate_exec(conn, grants_sql, "grants") == -1 ||
	    migrate_query(conn, SQL_COMMIT, 0, NULL) == -1) {
		migrate_query(conn, SQL_ROLLBACK, 0, NULL);
		goto out;
	}
	if (applied == 0)
		printf("nothing to apply\n");
	/* Every one applied now: what is left to find is a changed text. */
	rc = migrate_compare(conn, "migrate", names, sums);
out:
	free(names);
	free(sums);
	PQfinish(conn);
	return rc;
}
