/*
 * db.c: the PostgreSQL connection of one thread, its prepared statements,
 * transactions, reconnection, and the mapping of SQLSTATE to HTTP status.
 *
 * The SQL itself lives in the files of sql/queries, each statement under a
 * "-- name: SQL_X" header; scripts/embed-queries turns them into sqls[] and
 * sql_names[] (build/queries.c), and every statement is prepared once per
 * connection under its name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

/* One connection, owned by one thread. */
struct db {
	PGconn		*conn;
	char		*url;
	int		 prepared;	/* every statement prepared */
	char		 sqlstate[6];	/* of the last failure, or "" */
	int		 down;		/* the last failure lost the server */
};

/*
 * Connects to url (a conninfo or URI) as libpq does, with password, when
 * not NULL, over any the URL holds.  Returns the connection, which the
 * caller checks with PQstatus() and frees with PQfinish().
 */
PGconn *
db_connect(const char *url, const char *password)
{
	/* Keywords after the expanded dbname override what it holds. */
	const char *const keys[] = { "dbname", "password", NULL };
	const char *const values[] = { url, password, NULL };

	if (password == NULL)
		return PQconnectdb(url);
	return PQconnectdbParams(keys, values, 1);
}

/*
 * Opens a handle for url, the application role's (connected with
 * config.database_password when set); the server may be down, in which
 * case the first db_ready() tries again.  Returns NULL only when out of
 * memory.  The caller frees with db_close().
 */
struct db *
db_open(const char *url)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	if ((db->url = strdup(url)) == NULL) {
		free(db);
		return NULL;
	}
	return db;
}

/* Closes the connection and frees the handle.  Accepts NULL. */
void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db->url);
	free(db);
}

PGconn *
db_conn(struct db *db)
{
	return db->conn;
}

/*
 * Prepares every statement of sqls[] on a fresh connection, but those
 * only `awards migrate` runs (sql_prepare, "-- prepare: no").
 */
static int
db_prepare_all(struct db *db)
{
	PGresult	*res;
	int		 i, ok;

	for (i = 0; i < SQL__MAX; i++) {
		if (!sql_prepare[i])
			continue;
		res = PQprepare(db->conn, sql_names[i], sqls[i], 0, NULL);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (!ok)
			log_error("db: prepare %s: %s", sql_names[i],
			    PQresultErrorMessage(res));
		PQclear(res);
		if (!ok)
			return -1;
	}
	db->prepared = 1;
	return 0;
}

/*
 * Makes the connection usable: connects or reconnects when it was lost
 * (statements are prepared again, since a new backend knows none of them),
 * and rolls back a transaction that a failed request left open.
 * Returns 0, or -1 when the database cannot be reached.
 */
int
db_ready(struct db *db)
{
	PGresult	*res;

	db->sqlstate[0] = '\0';
	db->down = 0;
	/* A pipeline left unfinished (its connection failed half-way)
	 * leaves a connection no single statement can use: start anew. */
	if (db->conn != NULL && (PQstatus(db->conn) != CONNECTION_OK ||
	    PQpipelineStatus(db->conn) != PQ_PIPELINE_OFF)) {
		PQfinish(db->conn);
		db->conn = NULL;
	}
	if (db->conn == NULL) {
		db->prepared = 0;
		db->conn = db_connect(db->url, config.database_password);
		if (PQstatus(db->conn) != CONNECTION_OK) {
			PQfinish(db->conn);
			db->conn = NULL;
			db->down = 1;
			return -1;
		}
		log_info("db: connected");
	}
	if (!db->prepared && db_prepare_all(db) == -1) {
		PQfinish(db->conn);
		db->conn = NULL;
		db->down = 1;
		return -1;
	}
	if (PQtransactionStatus(db->conn) != PQTRANS_IDLE) {
		res = PQexec(db->conn, "ROLLBACK");
		PQclear(res);
	}
	return 0;
}

/*
 * Logs a failed statement by its name, SQLSTATE and constraint, never by
 * the server's whole message: its DETAIL quotes the row ("Failing row
 * contains ...", "Key (email)=(...)"), and the primary message of a data
 * or integrity error (classes 22 and 23) quotes the value, any of which
 * may be an address or a statement (SPEC §7: none in any log line).
 */
static void
db_log_error(const char *name, const PGresult *res)
{
	const char	*state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char	*primary = PQresultErrorField(res,
			    PG_DIAG_MESSAGE_PRIMARY);
	const char	*constraint = PQresultErrorField(res,
			    PG_DIAG_CONSTRAINT_NAME);

	if (state == NULL)
		state = "?";
	if (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0 ||
	    primary == NULL)
		primary = "";
	log_error("db: statement %s: SQLSTATE %s%s%s%s%s", name, state,
	    constraint != NULL ? " constraint " : "",
	    constraint != NULL ? constraint : "", *primary != '\0' ? ": " : "",
	    primary);
}

/* Keeps the SQLSTATE of a failed result for db_status(). */
static void
db_failed(struct db *db, const PGresult *res)
{
	const char	*state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	if (db->sqlstate[0] != '\0' || db->down)
		return;		/* the first failure is the one that counts */
	if (state != NULL)
		snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", state);
	if (PQstatus(db->conn) != CONNECTION_OK || state == NULL ||
	    strncmp(db->sqlstate, "08", 2) == 0 ||
	    strncmp(db->sqlstate, "57P", 3) == 0)
		db->down = 1;
}

/*
 * Runs a prepared statement with text parameters.  Returns the result,
 * which the caller clears with PQclear(), or NULL on failure, with the
 * SQLSTATE kept for db_status().
 */
PGresult *
db_exec(struct db *db, enum sqlstmt stmt, int nparams,
    const char *const *params)
{
	const char	*name = sql_names[stmt];
	PGresult	*res;
	ExecStatusType	 st;
	int		 idle;

	db->sqlstate[0] = '\0';
	db->down = 0;
	if (db->conn == NULL) {
		db->down = 1;
		return NULL;
	}
	idle = PQtransactionStatus(db->conn) == PQTRANS_IDLE;
	res = PQexecPrepared(db->conn, name, nparams, params, NULL, NULL, 0);
	st = PQresultStatus(res);
	/*
	 * A connection that died while idle (the server restarted) is only
	 * found out now: reconnect and try once more, which is safe because
	 * no transaction of ours was open.
	 */
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && idle &&
	    PQstatus(db->conn) != CONNECTION_OK) {
		PQclear(res);
		log_info("db: connection lost, reconnecting");
		if (db_ready(db) == -1)
			return NULL;
		res = PQexecPrepared(db->conn, name, nparams, params, NULL,
		    NULL, 0);
		st = PQresultStatus(res);
	}
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return res;
	db_failed(db, res);
	if (!db->down && db_status(db) == 500)
		db_log_error(name, res);
	PQclear(res);
	return NULL;
}

/*
 * Runs the n calls in one round trip (libpq's pipeline mode): they are
 * sent together and the server runs them in order, so a transaction of
 * BEGIN, a few statements and COMMIT costs the network and the wake-ups
 * of one.  A failed call aborts the calls after it, and the transaction,
 * which is rolled back before returning.
 * res[i] receives the result of call i, which the caller clears, or NULL
 * when it failed or did not run.  Returns 0 when every call succeeded,
 * else -1 with the first failure kept for db_status().
 */
static int
db_pipeline_once(struct db *db, size_t n, const struct db_call *calls,
    PGresult **res)
{
	PGresult	*r;
	ExecStatusType	 st;
	size_t		 i, sent = 0;
	int		 rc = 0;

	db->sqlstate[0] = '\0';
	db->down = 0;
	for (i = 0; i < n; i++)
		res[i] = NULL;
	if (db->conn == NULL) {
		db->down = 1;
		return -1;
	}
	if (!PQenterPipelineMode(db->conn)) {
		db->down = 1;
		return -1;
	}
	for (i = 0; i < n; i++, sent++)
		if (!PQsendQueryPrepared(db->conn, sql_names[calls[i].stmt],
		    calls[i].nparams, calls[i].params, NULL, NULL, 0))
			break;
	if (sent < n || !PQpipelineSync(db->conn)) {
		db->down = PQstatus(db->conn) != CONNECTION_OK;
		rc = -1;
	}
	for (i = 0; i < sent; i++) {
		if ((r = PQgetResult(db->conn)) == NULL) {
			db->down = 1;
			rc = -1;
			break;
		}
		st = PQresultStatus(r);
		if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
			res[i] = r;
		else {
			if (st != PGRES_PIPELINE_ABORTED) {
				db_failed(db, r);
				if (!db->down && db_status(db) == 500)
					db_log_error(sql_names[calls[i].stmt],
					    r);
			}
			PQclear(r);
			rc = -1;
		}
		/* Each call's results end with a NULL. */
		while ((r = PQgetResult(db->conn)) != NULL)
			PQclear(r);
	}
	/* The end of the pipeline, then back to one statement at a time. */
	while ((r = PQgetResult(db->conn)) != NULL) {
		st = PQresultStatus(r);
		PQclear(r);
		if (st == PGRES_PIPELINE_SYNC)
			break;
	}
	if (!PQexitPipelineMode(db->conn)) {
		db->down = PQstatus(db->conn) != CONNECTION_OK;
		rc = -1;
	}
	if (rc == 0)
		return 0;
	for (i = 0; i < n; i++) {
		PQclear(res[i]);
		res[i] = NULL;
	}
	/*
	 * A failure the server gave no SQLSTATE for is the connection's (the
	 * server went away between two calls, or its farewell came before
	 * our calls and aborted them): the database is out of reach.
	 */
	if (db->sqlstate[0] == '\0')
		db->down = 1;
	/*
	 * A failed call leaves an explicit transaction open and aborted after
	 * the sync: roll it back, so that the caller's next statement (an
	 * Idempotency-Key's replay after its 409) runs.
	 */
	db_rollback(db);
	return -1;
}

/*
 * db_pipeline_once(), and once more on a new connection when the one it
 * had was found dead while idle (the server restarted in between), as
 * db_exec() does for one statement.
 */
int
db_pipeline(struct db *db, size_t n, const struct db_call *calls,
    PGresult **res)
{
	int	 idle;

	idle = db->conn != NULL &&
	    PQtransactionStatus(db->conn) == PQTRANS_IDLE;
	if (db_pipeline_once(db, n, calls, res) == 0)
		return 0;
	if (!idle || !db->down || db->conn == NULL ||
	    PQstatus(db->conn) == CONNECTION_OK)
		return -1;
	log_info("db: connection lost, reconnecting");
	if (db_ready(db) == -1)
		return -1;
	return db_pipeline_once(db, n, calls, res);
}

/* Runs a statement whose rows do not matter.  Returns 0 or -1. */
int
db_command(struct db *db, enum sqlstmt stmt, int nparams,
    const char *const *params)
{
	PGresult	*res;

	if ((res = db_exec(db, stmt, nparams, params)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_begin(struct db *db)
{
	return db_command(db, SQL_BEGIN, 0, NULL);
}

int
db_commit(struct db *db)
{
	return db_command(db, SQL_COMMIT, 0, NULL);
}

/*
 * The first step of most writes: begins the request's transaction and
 * runs stmt with the request's {id} as its one parameter, a statement that
 * finds (and usually locks) the row the request names.  Returns the
 * result, which the caller clears; NULL after answering 404 "no such
 * <what>" when there is no row, or after a database failure, answered by
 * the dispatcher.
 */
PGresult *
db_begin_find(struct req *req, enum sqlstmt stmt, const char *what)
{
	PGresult	*res;
	char		 id[24];

	if (db_begin(req->db) == -1 ||
	    (res = DB_EXEC(req->db, stmt, db_i64(id,
	    (long long)req->ids[0]))) == NULL)
		return NULL;
	if (!http_row_found(req, res, what)) {
		PQclear(res);
		return NULL;
	}
	return res;
}

/* Rolls back, keeping the failure that led here for db_status(). */
void
db_rollback(struct db *db)
{
	char		 state[6];
	int		 down;
	PGresult	*res;

	if (db->conn == NULL ||
	    PQtransactionStatus(db->conn) == PQTRANS_IDLE)
		return;
	memcpy(state, db->sqlstate, sizeof(state));
	down = db->down;
	res = PQexec(db->conn, "ROLLBACK");
	PQclear(res);
	memcpy(db->sqlstate, state, sizeof(state));
	db->down = down;
}

const char *
db_sqlstate(const struct db *db)
{
	return db->sqlstate;
}

/*
 * The HTTP status that the last failure deserves: 503 when the database is
 * out of reach or asks to retry, 409 for a uniqueness or exclusion clash,
 * 422 for a value the constraints refuse, 404 for a missing referenced row,
 * 500 for anything else (a bug).
 */
int
db_status(const struct db *db)
{
	const char	*s = db->sqlstate;

	if (db->down)
		return 503;
	if (strcmp(s, "23505") == 0 || strcmp(s, "23P01") == 0)
		return 409;
	if (strcmp(s, "23503") == 0)
		return 404;
	if (strcmp(s, "23514") == 0 || strcmp(s, "23502") == 0 ||
	    strncmp(s, "22", 2) == 0)
		return 422;
	if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0 ||
	    strcmp(s, "55P03") == 0)
		return 503;
	return 500;
}

/* Formats an integer as a statement parameter into buf. */
const char *
db_i64(char buf[24], long long v)
{
	snprintf(buf, 24, "%lld", v);
	return buf;
}

/*
 * Whether this thread read a column that its result lacks since
 * db_misread_reset(): a bug that scripts/check-columns could not see at
 * build time.  Per thread, since a thread serves one request at a time.
 */
static _Thread_local int db_misread_flag;

int
db_misread(void)
{
	return db_misread_flag;
}

void
db_misread_reset(void)
{
	db_misread_flag = 0;
}

/*
 * The column named col of a result, or -1 when the statement has no such
 * column: a bug, logged and remembered for db_misread(), so that the
 * request it serves answers 500 rather than 200 with "" or 0 in place of
 * the value (http_raw()); the read itself goes on as NULL.
 */
int
db_column(const PGresult *res, const char *col)
{
	int	 i;

	if ((i = PQfnumber(res, col)) == -1) {
		log_error("db: no column %s in this result", col);
		db_misread_flag = 1;
	}
	return i;
}

/*
 * Column readers, by the column's name (its alias in sql/queries), so no
 * column number ever leaves the statement that defines it.  The strings
 * live as long as res.  NULL reads as "", 0 or false.
 */
const char *
db_text(const PGresult *res, int row, const char *col)
{
	int	 i = db_column(res, col);

	return i == -1 ? "" : PQgetvalue(res, row, i);
}

int
db_isnull(const PGresult *res, int row, const char *col)
{
	int	 i = db_column(res, col);

	return i == -1 || PQgetisnull(res, row, i);
}

long long
db_int(const PGresult *res, int row, const char *col)
{
	return strtoll(db_text(res, row, col), NULL, 10);
}

int
db_bool(const PGresult *res, int row, const char *col)
{
	return strcmp(db_text(res, row, col), "t") == 0;
}

double
db_float(const PGresult *res, int row, const char *col)
{
	return strtod(db_text(res, row, col), NULL);
}

/* The column as a JSON string, or JSON null when it is NULL.  New. */
json_t *
db_json_text(const PGresult *res, int row, const char *col)
{
	return db_isnull(res, row, col) ? json_null() :
	    json_string(db_text(res, row, col));
}

/* The column as a JSON integer, or JSON null when it is NULL.  New. */
json_t *
db_json_int(const PGresult *res, int row, const char *col)
{
	return db_isnull(res, row, col) ? json_null() :
	    json_integer(db_int(res, row, col));
}

/* The OIDs of the types db_json_row() tells apart (PostgreSQL's pg_type). */
enum db_type {
	DB_TYPE_BOOL = 16,
	DB_TYPE_INT8 = 20,
	DB_TYPE_INT2 = 21,
	DB_TYPE_INT4 = 23,
	DB_TYPE_JSON = 114,
	DB_TYPE_FLOAT4 = 700,
	DB_TYPE_FLOAT8 = 701,
	DB_TYPE_NUMERIC = 1700,
	DB_TYPE_JSONB = 3802
};

/*
 * Column i of row as JSON, as its type reads (see db_json_row()).  A json
 * value PostgreSQL wrote that does not parse is a bug: logged and
 * remembered for db_misread(), and read as null.  New.
 */
static json_t *
db_json_value(const PGresult *res, int row, int i)
{
	const char	*v = PQgetvalue(res, row, i);
	json_t		*parsed;

	if (PQgetisnull(res, row, i))
		return json_null();
	switch (PQftype(res, i)) {
	case DB_TYPE_BOOL:
		return json_boolean(strcmp(v, "t") == 0);
	case DB_TYPE_INT2:
	case DB_TYPE_INT4:
	case DB_TYPE_INT8:
		return json_integer(strtoll(v, NULL, 10));
	case DB_TYPE_FLOAT4:
	case DB_TYPE_FLOAT8:
	case DB_TYPE_NUMERIC:
		return json_real(strtod(v, NULL));
	case DB_TYPE_JSON:
	case DB_TYPE_JSONB:
		if ((parsed = json_loads(v, JSON_DECODE_ANY, NULL)) != NULL)
			return parsed;
		log_error("db: column %s holds no JSON", PQfname(res, i));
		db_misread_flag = 1;
		return json_null();
	default:
		return json_string(v);
	}
}

/*
 * Row row of res as a new JSON object, for an answer the statement
 * shapes: each column under its name (the alias in sql/queries), its
 * value as its type reads: NULL as null, a boolean as true or false, an
 * integer as an integer, numeric and floating point as a number with a
 * fraction, json and jsonb as the value they hold, anything else as a
 * string.  So the statement's aliases are the answer's keys and its
 * casts the values' types.  NULL when out of memory.
 */
json_t *
db_json_row(const PGresult *res, int row)
{
	json_t	*obj;
	int	 i;

	if ((obj = json_object()) == NULL)
		return NULL;
	for (i = 0; i < PQnfields(res); i++)
		if (json_object_set_new(obj, PQfname(res, i),
		    db_json_value(res, row, i)) == -1) {
			json_decref(obj);
			return NULL;
		}
	return obj;
}

/* Every row of res as a new JSON array of db_json_row() objects. */
json_t *
db_json_rows(const PGresult *res)
{
	json_t	*list;
	int	 i;

	if ((list = json_array()) == NULL)
		return NULL;
	for (i = 0; i < PQntuples(res); i++)
		if (json_array_append_new(list, db_json_row(res, i)) == -1) {
			json_decref(list);
			return NULL;
		}
	return list;
}
