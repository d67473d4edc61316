/*
 * export.c: the organizers' exports of a cycle, as RFC 4180 CSV in UTF-8
 * with a byte-order mark and CRLF line ends:
 *   GET /api/cycles/{id}/export.csv       one row per candidate
 *   GET /api/cycles/{id}/nominations.csv  one row per nomination
 * Headers and values are in the words the organizers' pages show
 * ("Candidate status", "Honourable mention"), not the database's.  Rows
 * are read from PostgreSQL in single-row mode and written one by one, so
 * the export of 100,000 nominations takes no more memory than that of 100.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

/* A value of the database and the words the pages show for it. */
struct export_word {
	const char	*value;
	const char	*words;
};

enum export_kind {
	EXPORT_TEXT,		/* the column's text as it is */
	EXPORT_WORDS,		/* the column's text through .words */
	EXPORT_YES_NO,		/* a boolean as .yes or .no */
	EXPORT_REVIEWERS	/* a JSON object: a column per reviewer */
};

/* A column of an export: where its value comes from and its header. */
struct export_column {
	const char			*name;
	const char			*header;
	enum export_kind		 kind;
	const struct export_word	*words;
	const char			*yes, *no;
};

/* One export: its statement, columns, file name and audit detail. */
struct export {
	enum sqlstmt			 stmt;
	const struct export_column	*columns;
	const char			*what;	/* file name, audit */
};

/* As the decisions page (web/js/decide.js) names them. */
static const struct export_word export_decisions[] = {
	{ "awardee", "Awardee" },
	{ "honorable_mention", "Honourable mention" },
	{ "not_selected", "Not selected" },
	{ NULL, "No decision yet" }
};

static const struct export_word export_candidate_statuses[] = {
	{ "active", "Active" },
	{ "withdrawn", "Withdrawn" },
	{ "merged", "Merged" },
	{ "declined", "Declined" },
	{ NULL, NULL }
};

/* As the cycle page's screening (web/js/cycle.js) names them. */
static const struct export_word export_nomination_statuses[] = {
	{ "submitted", "To screen" },
	{ "eligible", "Eligible" },
	{ "ineligible", "Ineligible" },
	{ "withdrawn", "Withdrawn" },
	{ "declined", "Declined" },
	{ NULL, NULL }
};

static const struct export_word export_recognitions[] = {
	{ "public", "Public" },
	{ "private", "Private" },
	{ "declined", "Declined" },
	{ NULL, NULL }
};

/*
 * The candidates' export.  The ranking columns are named as the rankings
 * page names them; "Raw score by NAME" stands for one column per member
 * with a counted review.
 */
static const struct export_column export_candidate_columns[] = {
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "candidate_id"), "Candidate ID",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "category_name"), "Category",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "candidate_name"), "Candidate",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "candidate_status"),
	    "Candidate status", EXPORT_WORDS, export_candidate_statuses,
	    NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "decision"), "Decision",
	    EXPORT_WORDS, export_decisions, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "rank"), "Place",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "rank_raw"), "Raw place",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "score"), "Score",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "raw"), "Raw",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "median"), "Median",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "spread"), "Spread",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "disputed"), "Disputed",
	    EXPORT_YES_NO, NULL, "Disputed", "No" },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "reviews"), "Reviews",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "reviewer_scores"),
	    "Raw score by ", EXPORT_REVIEWERS, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "nominations"), "Nominations",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "letters"), "Letters",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "recognition"), "Recognition",
	    EXPORT_WORDS, export_recognitions, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_CANDIDATES, "public_name"), "Public name",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ NULL, NULL, EXPORT_TEXT, NULL, NULL, NULL }
};

/* The nominations' export, with the nominator in a blind cycle too. */
static const struct export_column export_nomination_columns[] = {
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "nomination_id"),
	    "Nomination ID", EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "candidate_id"), "Candidate ID",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "category_name"), "Category",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "candidate_name"), "Candidate",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "nomination_status"),
	    "Nomination status", EXPORT_WORDS, export_nomination_statuses,
	    NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "nominee_name"), "Nominee name",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "nominee_email"),
	    "Nominee email", EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "nominee_affiliation"),
	    "Nominee affiliation", EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "nominee_role"), "Nominee role",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "nominator_name"),
	    "Nominator name", EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "nominator_email"),
	    "Nominator email", EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "nominator_affiliation"),
	    "Nominator affiliation", EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "nominator_relationship"),
	    "Relationship to the nominee", EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "statement"), "Statement",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "screening_reason"),
	    "Screening reason", EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "consent_contact_nominee"),
	    "May contact the nominee", EXPORT_YES_NO, NULL, "Yes", "No" },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "letters"), "Letters",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "created_at"), "Submitted at",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ DB_COLUMN(SQL_EXPORT_NOMINATIONS, "confirmed_at"), "Confirmed at",
	    EXPORT_TEXT, NULL, NULL, NULL },
	{ NULL, NULL, EXPORT_TEXT, NULL, NULL, NULL }
};

static const struct export export_candidates = {
	SQL_EXPORT_CANDIDATES, export_candidate_columns, "candidates"
};

static const struct export export_nominations = {
	SQL_EXPORT_NOMINATIONS, export_nomination_columns, "nominations"
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
 * The words for value in words, or value itself when the table does not
 * know it (a status added later shows as the database names it rather
 * than as nothing).  A NULL value is the table's last entry's words.
 */
static const char *
export_words(const struct export_word *words, const char *value)
{
	for (; words->value != NULL; words++)
		if (value != NULL && strcmp(words->value, value) == 0)
			return words->words;
	if (value == NULL)
		return words->words != NULL ? words->words : "";
	return value;
}

/*
 * Appends the cells of one reviewer column per row of reviewers to b:
 * the header's name, or the score that the JSON object text scores
 * holds under the reviewer's id (empty when the reviewer has no counted
 * review of the candidate).  A text that is not such an object gives
 * empty cells.
 */
static void
export_reviewer_cells(struct buf *b, const struct export_column *col,
    const PGresult *reviewers, const char *scores, int header)
{
	struct buf	 name = { 0 };
	json_t		*all = NULL, *v;
	int		 i;

	if (!header && scores != NULL)
		all = json_loads(scores, 0, NULL);
	for (i = 0; reviewers != NULL && i < PQntuples(reviewers); i++) {
		if (i > 0)
			buf_str(b, ",");
		if (header) {
			buf_str(&name, col->header);
			buf_str(&name, db_text(reviewers, i, "reviewer_name"));
			if (name.failed) {
				b->failed = 1;
				break;
			}
			export_cell(b, name.s);
			buf_free(&name);
			continue;
		}
		v = json_object_get(all, db_text(reviewers, i, "user_id"));
		export_cell(b, json_is_string(v) ? json_string_value(v) : "");
	}
	buf_free(&name);
	json_decref(all);
}

/*
 * Writes one row of res (or the header when res is NULL) of export e as
 * a CSV line ending in CRLF; reviewers (SQL_EXPORT_REVIEWERS, or NULL)
 * gives the columns of an EXPORT_REVIEWERS column.  Returns 0, or -1
 * when out of memory.
 */
static int
export_row(struct req *req, const struct export *e,
    const PGresult *reviewers, const PGresult *res)
{
	const struct export_column	*col;
	struct buf			 b = { 0 };
	const char			*v;
	char				*line = NULL;
	size_t				 len;
	int				 first = 1;

	for (col = e->columns; col->name != NULL; col++) {
		if (col->kind == EXPORT_REVIEWERS &&
		    (reviewers == NULL || PQntuples(reviewers) == 0))
			continue;
		if (!first)
			buf_str(&b, ",");
		first = 0;
		if (col->kind == EXPORT_REVIEWERS) {
			export_reviewer_cells(&b, col, reviewers,
			    res == NULL || db_isnull(res, 0, col->name) ?
			    NULL : db_text(res, 0, col->name), res == NULL);
			continue;
		}
		if (res == NULL)
			v = col->header;
		else if (col->kind == EXPORT_WORDS)
			v = export_words(col->words,
			    db_isnull(res, 0, col->name) ? NULL :
			    db_text(res, 0, col->name));
		else if (db_isnull(res, 0, col->name))
			v = "";
		else if (col->kind == EXPORT_YES_NO)
			v = db_bool(res, 0, col->name) ? col->yes : col->no;
		else
			v = db_text(res, 0, col->name);
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
 * Sends e's statement for the cycle in single-row mode and returns its
 * first result (the caller clears it), or NULL when it could not be sent
 * that way (the caller drains the connection).
 */
static PGresult *
export_query(struct db *db, const struct export *e, const char *cycle)
{
	PGconn		*conn = db_conn(db);
	const char	*params[1] = { cycle };

	if (conn == NULL || !PQsendQueryPrepared(conn,
	    sql_names[e->stmt], 1, params, NULL, NULL, 0))
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
 * Answers export e of the cycle of the request: 404 for no such cycle,
 * else audited (cycle.export: who exported what, when) before the first
 * byte, then streamed as an attachment.  The reviewers are read first,
 * whole (one row per committee member), for the candidates' export.
 */
static void
export_send(struct req *req, const struct export *e)
{
	PGresult	*res = NULL, *reviewers = NULL;
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
	if (e->stmt == SQL_EXPORT_CANDIDATES && (reviewers =
	    DB_EXEC(req->db, SQL_EXPORT_REVIEWERS, cycle)) == NULL) {
		http_db_error(req);
		goto out;
	}
	detail = json_pack("{s:s, s:s}", "format", "csv", "rows", e->what);
	if (db_begin(req->db) == -1 || audit_write(req, "cycle.export",
	    "cycle", req->ids[0], detail) == -1 ||
	    db_commit(req->db) == -1)
		goto out;
	res = export_query(req->db, e, cycle);
	st = PQresultStatus(res);
	if (res == NULL ||
	    (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK)) {
		http_internal(req, res == NULL ? "export: not sent" :
		    PQresultErrorField(res, PG_DIAG_SQLSTATE));
		goto drain;
	}
	snprintf(headers, sizeof(headers), "Content-Type: text/csv; "
	    "charset=utf-8\r\nContent-Disposition: attachment; "
	    "filename=\"awards-cycle-%s-%s.csv\"\r\n", cycle, e->what);
	http_stream_start(req, 200, headers);
	http_stream_write(req, "\xef\xbb\xbf", 3);
	if (export_row(req, e, reviewers, NULL) == -1)
		goto cut;
	while (res != NULL && PQresultStatus(res) == PGRES_SINGLE_TUPLE) {
		if (export_row(req, e, reviewers, res) == -1)
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
	PQclear(reviewers);
	json_decref(detail);
}

/*
 * GET /api/cycles/{id}/export.csv (organizer): the cycle's candidates
 * with a confirmed nomination, one per row: decision, ranking columns,
 * each reviewer's raw score in a column of its own, nominations and
 * letters counted.  200 text/csv; 404 no such cycle; 500; 503.  A
 * failure after the first row cuts the file short and is logged (the
 * status is sent by then).
 */
void
export_csv(struct req *req)
{
	export_send(req, &export_candidates);
}

/*
 * GET /api/cycles/{id}/nominations.csv (organizer): the cycle's
 * confirmed nominations, one per row, with their nominee, nominator,
 * statement and screening.  200 text/csv; 404 no such cycle; 500; 503;
 * cut short as export_csv's.
 */
void
export_nominations_csv(struct req *req)
{
	export_send(req, &export_nominations);
}
