/*
 * export.c: GET /api/cycles/{id}/export.csv, the organizers' export of a
 * cycle: candidates, their nominations and their decisions, as RFC 4180
 * CSV in UTF-8 with a byte-order mark.  Rows are read from PostgreSQL in
 * single-row mode and written one by one, so the export of 100,000
 * nominations takes no more memory than that of 100.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

/*
 * The columns, in order: the header's names are the statement's (checked
 * at build time).
 */
static const char *const export_columns[] = {
	DB_COLUMN(SQL_EXPORT_ROWS, "candidate_id"),
	DB_COLUMN(SQL_EXPORT_ROWS, "category_name"),
	DB_COLUMN(SQL_EXPORT_ROWS, "candidate_name"),
	DB_COLUMN(SQL_EXPORT_ROWS, "candidate_status"),
	DB_COLUMN(SQL_EXPORT_ROWS, "decision"),
	DB_COLUMN(SQL_EXPORT_ROWS, "nomination_id"),
	DB_COLUMN(SQL_EXPORT_ROWS, "nomination_status"),
	DB_COLUMN(SQL_EXPORT_ROWS, "nominee_name"),
	DB_COLUMN(SQL_EXPORT_ROWS, "nominee_email"),
	DB_COLUMN(SQL_EXPORT_ROWS, "nominee_affiliation"),
	DB_COLUMN(SQL_EXPORT_ROWS, "nominee_role"),
	DB_COLUMN(SQL_EXPORT_ROWS, "nominator_name"),
	DB_COLUMN(SQL_EXPORT_ROWS, "nominator_email"),
	DB_COLUMN(SQL_EXPORT_ROWS, "nominator_affiliation"),
	DB_COLUMN(SQL_EXPORT_ROWS, "nominator_relationship"),
	DB_COLUMN(SQL_EXPORT_ROWS, "statement"),
	DB_COLUMN(SQL_EXPORT_ROWS, "screening_reason"),
	DB_COLUMN(SQL_EXPORT_ROWS, "consent_contact_nominee"),
	DB_COLUMN(SQL_EXPORT_ROWS, "created_at"),
	DB_COLUMN(SQL_EXPORT_ROWS, "confirmed_at"),
	DB_COLUMN(SQL_EXPORT_ROWS, "rank"),
	DB_COLUMN(SQL_EXPORT_ROWS, "rank_raw"),
	DB_COLUMN(SQL_EXPORT_ROWS, "score"),
	DB_COLUMN(SQL_EXPORT_ROWS, "raw"),
	DB_COLUMN(SQL_EXPORT_ROWS, "median"),
	DB_COLUMN(SQL_EXPORT_ROWS, "reviews"),
	DB_COLUMN(SQL_EXPORT_ROWS, "spread"),
	DB_COLUMN(SQL_EXPORT_ROWS, "disputed"),
	DB_COLUMN(SQL_EXPORT_ROWS, "letters"),
	DB_COLUMN(SQL_EXPORT_ROWS, "recognition"),
	DB_COLUMN(SQL_EXPORT_ROWS, "public_name"),
	NULL
};

/* Whether s is -D[.D]: a minus, digits, at most one dot inside them. */
static int
export_negative_number(const char *s)
{
	size_t	 digits = 0, dots = 0;

	if (*s++ != '-')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s == '.' && digits > 0 && dots++ == 0)
			continue;
		else
			return 0;
	}
	return digits > 0 && s[-1] != '.';
}

/*
 * Appends s to b as one quoted CSV cell (RFC 4180: every cell quoted, a
 * quote doubled).  A cell that a spreadsheet would take for a formula
 * (beginning with =, +, -, @, tab or CR) gets a leading single quote, as
 * OWASP advises against CSV injection; a plain negative number such as
 * -0.1089 (a normalised score) is no formula and stays a number.  Returns
 * 0, or -1 when an allocation failed (b->failed).
 */
int
export_cell(struct buf *b, const char *s)
{
	const char	*q;

	buf_str(b, "\"");
	if (*s != '\0' && strchr("=+-@\t\r", *s) != NULL &&
	    !export_negative_number(s))
		buf_str(b, "'");
	while ((q = strchr(s, '"')) != NULL) {
		buf_add(b, s, (size_t)(q - s) + 1);
		buf_str(b, "\"");
		s = q + 1;
	}
	buf_str(b, s);
	buf_str(b, "\"");
	return b->failed ? -1 : 0;
}

/*
 * Writes one row of res (or the header when res is NULL) as a CSV line
 * ending in CRLF.  Returns 0, or -1 when out of memory.
 */
static int
export_row(struct req *req, const PGresult *res)
{
	struct buf	 b = { 0 };
	const char	*v;
	char		*line = NULL;
	size_t		 i, len;

	for (i = 0; export_columns[i] != NULL; i++) {
		if (i > 0)
			buf_str(&b, ",");
		if (res == NULL)
			v = export_columns[i];
		else if (db_isnull(res, 0, export_columns[i]))
			v = "";
		else if (strcmp(export_columns[i],
		    "consent_contact_nominee") == 0 ||
		    strcmp(export_columns[i], "disputed") == 0)
			v = db_bool(res, 0, export_columns[i]) ? "yes" : "no";
		else
			v = db_text(res, 0, export_columns[i]);
		export_cell(&b, v);
	}
	buf_str(&b, "\r\n");
	if (buf_finish(&b, &line, &len) == -1)
		return -1;
	http_stream_write(req, line, len);
	free(line);
	return 0;
}

/*
 * Sends SQL_EXPORT_ROWS for the cycle in single-row mode and returns its
 * first result (the caller clears it), or NULL when it could not be sent
 * that way (the caller drains the connection).
 */
static PGresult *
export_query(struct db *db, const char *cycle)
{
	PGconn		*conn = db_conn(db);
	const char	*params[1] = { cycle };

	if (conn == NULL || !PQsendQueryPrepared(conn,
	    sql_names[SQL_EXPORT_ROWS], 1, params, NULL, NULL, 0))
		return NULL;
	/* Without single-row mode every row would be held at once. */
	if (!PQsetSingleRowMode(conn)) {
		log_error("export: single-row mode refused");
		return NULL;
	}
	return PQgetResult(conn);
}

/* Reads and drops whatever results the connection still holds. */
static void
export_drain(struct db *db)
{
	PGresult	*res;

	while ((res = PQgetResult(db_conn(db))) != NULL)
		PQclear(res);
}

/*
 * GET /api/cycles/{id}/export.csv (organizer): the cycle's nominations,
 * one per row, with their candidate and its decision; RFC 4180, UTF-8
 * with a byte-order mark, formula cells neutralised; an attachment.
 * Audited (cycle.export: who exported, when) before the first byte.
 * 200 text/csv; 404 no such cycle; 500; 503.  A failure after the first
 * row cuts the file short and is logged (the status is sent by then).
 */
void
export_csv(struct req *req)
{
	PGresult	*res = NULL;
	json_t		*detail = NULL;
	char		 cycle[24], headers[256];
	long long	 rows = 0;
	ExecStatusType	 st;

	db_i64(cycle, (long long)req->ids[0]);
	if ((res = DB_EXEC(req->db, SQL_EXPORT_CYCLE, cycle)) == NULL ||
	    !http_row_found(req, res, "cycle"))
		goto out;
	PQclear(res);
	res = NULL;
	detail = json_pack("{s:s}", "format", "csv");
	if (db_begin(req->db) == -1 || audit_write(req, "cycle.export",
	    "cycle", req->ids[0], detail) == -1 ||
	    db_commit(req->db) == -1)
		goto out;
	res = export_query(req->db, cycle);
	st = PQresultStatus(res);
	if (res == NULL ||
	    (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK)) {
		http_internal(req, res == NULL ? "export: not sent" :
		    PQresultErrorField(res, PG_DIAG_SQLSTATE));
		goto drain;
	}
	snprintf(headers, sizeof(headers), "Content-Type: text/csv; "
	    "charset=utf-8\r\nContent-Disposition: attachment; "
	    "filename=\"awards-cycle-%s.csv\"\r\n", cycle);
	http_stream_start(req, 200, headers);
	http_stream_write(req, "\xef\xbb\xbf", 3);
	if (export_row(req, NULL) == -1)
		goto cut;
	while (res != NULL && PQresultStatus(res) == PGRES_SINGLE_TUPLE) {
		if (export_row(req, res) == -1)
			goto cut;
		rows++;
		PQclear(res);
		res = PQgetResult(db_conn(req->db));
	}
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK)
		goto cut;
	goto drain;
cut:
	log_error("export: cycle %s cut short after %lld rows", cycle, rows);
drain:
	PQclear(res);
	res = NULL;
	export_drain(req->db);
out:
	PQclear(res);
	json_decref(detail);
}
