/*
 * ranking.c: GET /api/cycles/{id}/rankings, the ranking of SPEC §3 per
 * category with its fairness report (raw order beside the normalised
 * one, spread, disputed).  The arithmetic is one SQL statement
 * (sql/queries/rankings.sql); this file checks who may read it and
 * shapes the answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

/*
 * A candidate's fields in the answer, in order: each the column of
 * SQL_RANKINGS of the same name (checked at build time), whose text
 * PostgreSQL has already written (integers, and the rounded numerics as
 * their decimal text, which is a JSON number), so that it goes out as it
 * is.
 */
enum ranking_kind { RANKING_NUMBER, RANKING_TEXT, RANKING_BOOL };
static const struct {
	const char		*name;
	enum ranking_kind	 kind;
} ranking_fields[] = {
	{ DB_COLUMN(SQL_RANKINGS, "candidate_id"), RANKING_NUMBER },
	{ DB_COLUMN(SQL_RANKINGS, "nominee_name"), RANKING_TEXT },
	{ DB_COLUMN(SQL_RANKINGS, "rank"), RANKING_NUMBER },
	{ DB_COLUMN(SQL_RANKINGS, "rank_raw"), RANKING_NUMBER },
	{ DB_COLUMN(SQL_RANKINGS, "score"), RANKING_NUMBER },
	{ DB_COLUMN(SQL_RANKINGS, "raw"), RANKING_NUMBER },
	{ DB_COLUMN(SQL_RANKINGS, "median"), RANKING_NUMBER },
	{ DB_COLUMN(SQL_RANKINGS, "reviews"), RANKING_NUMBER },
	{ DB_COLUMN(SQL_RANKINGS, "spread"), RANKING_NUMBER },
	{ DB_COLUMN(SQL_RANKINGS, "disputed"), RANKING_BOOL },
};
#define RANKING_NFIELDS (sizeof(ranking_fields) / sizeof(ranking_fields[0]))

/*
 * Appends the value of column col of row as JSON: null for NULL (a
 * candidate without a final review), and null too for a number that is
 * not one (numeric's NaN or Infinity, which the statement never yields).
 */
static void
ranking_value(struct buf *b, const PGresult *res, int row, int col,
    enum ranking_kind kind)
{
	const char	*v = PQgetvalue(res, row, col);

	if (PQgetisnull(res, row, col))
		buf_str(b, "null");
	else if (kind == RANKING_TEXT)
		buf_json_str(b, v);
	else if (kind == RANKING_BOOL)
		buf_str(b, strcmp(v, "t") == 0 ? "true" : "false");
	else if (v[strspn(v, "-0123456789.")] != '\0' || *v == '\0')
		buf_str(b, "null");
	else
		buf_str(b, v);
}

/*
 * Answers the rows of SQL_RANKINGS (ordered by category, then rank) as
 * the JSON of ranking_get(), written as text straight from the result:
 * building every candidate's object with jansson (and reading each
 * number back from text to print it again) cost serve 0.8 s of CPU at
 * 100,000 candidates, more than the growth of the statement itself.
 */
static void
ranking_write(struct req *req, const PGresult *res, const char *cycle_name)
{
	struct buf	 b = { 0 };
	char		 head[64];
	const char	*current = NULL;
	int		 col[RANKING_NFIELDS], category, name, row, missing;
	size_t		 i;

	/* A column missing is logged and answered 500, as by any reader. */
	category = db_column(res, "category_id");
	name = db_column(res, "category_name");
	missing = category == -1 || name == -1;
	for (i = 0; i < RANKING_NFIELDS; i++)
		if ((col[i] = db_column(res, ranking_fields[i].name)) == -1)
			missing = 1;
	if (missing) {
		http_internal(req, "rankings: a column is missing");
		return;
	}
	snprintf(head, sizeof(head), "{\"cycle_id\":%lld,\"cycle_name\":",
	    (long long)req->ids[0]);
	buf_str(&b, head);
	buf_json_str(&b, cycle_name);
	buf_str(&b, ",\"categories\":[");
	for (row = 0; row < PQntuples(res); row++) {
		if (current == NULL ||
		    strcmp(PQgetvalue(res, row, category), current) != 0) {
			buf_str(&b, current == NULL ? "{\"id\":" : "]},{\"id\":");
			current = PQgetvalue(res, row, category);
			buf_str(&b, current);
			buf_str(&b, ",\"name\":");
			buf_json_str(&b, PQgetvalue(res, row, name));
			buf_str(&b, ",\"candidates\":[");
		} else if (!PQgetisnull(res, row, col[0]))
			buf_str(&b, ",");
		/* A category without candidates: its one row, all NULL. */
		if (PQgetisnull(res, row, col[0]))
			continue;
		for (i = 0; i < RANKING_NFIELDS; i++) {
			buf_str(&b, i == 0 ? "{\"" : ",\"");
			buf_str(&b, ranking_fields[i].name);
			buf_str(&b, "\":");
			ranking_value(&b, res, row, col[i], ranking_fields[i].kind);
		}
		buf_str(&b, "}");
	}
	buf_str(&b, current != NULL ? "]}]}" : "]}");
	http_json_buf(req, 200, &b);
}

/*
 * GET /api/cycles/{id}/rankings (organizer; members in deliberation):
 * {"cycle_id", "cycle_name", "categories": [{"id", "name", "candidates": [{
 * "candidate_id", "nominee_name", "rank", "rank_raw", "score", "raw",
 * "median", "reviews", "spread", "disputed"}]}]}.  A member never sees
 * their conflicted candidates (ranks are numbered without them).  Values
 * are null for a candidate without a final review.  200; 401; 404
 * unknown cycle; 409 wrong_phase (a member, another phase); 503.
 */
void
ranking_get(struct req *req)
{
	PGresult	*cyc = NULL, *res = NULL, *wm = NULL;
	char		 cycle[24], viewer[24];
	int		 member = req->user.role != ROLE_ORGANIZER;

	db_i64(cycle, (long long)req->ids[0]);
	db_i64(viewer, member ? (long long)req->user.id : 0);
	if ((cyc = DB_EXEC(req->db, SQL_RANKINGS_CYCLE, cycle)) == NULL ||
	    !http_row_found(req, cyc, "cycle"))
		goto out;
	if (member && !phase_guard(req, ACTION_MEMBER_READ_REVIEWS,
	    db_text(cyc, 0, "phase")))
		goto out;
	/* A transaction only so that the work_mem setting ends with it. */
	if (db_begin(req->db) == -1 ||
	    (wm = DB_EXEC0(req->db, SQL_RANKINGS_WORK_MEM)) == NULL ||
	    (res = DB_EXEC(req->db, SQL_RANKINGS, cycle, viewer)) == NULL ||
	    db_commit(req->db) == -1)
		goto out;
	ranking_write(req, res, db_text(cyc, 0, "name"));
out:
	PQclear(cyc);
	PQclear(wm);
	PQclear(res);
}
