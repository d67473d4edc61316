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

/* A numeric column as a JSON real, or JSON null. */
static json_t *
ranking_real(const PGresult *res, int row, const char *col)
{
	return db_isnull(res, row, col) ? json_null() :
	    json_real(db_float(res, row, col));
}

/*
 * GET /api/cycles/{id}/rankings (organizer; members in deliberation):
 * {"cycle_id", "categories": [{"id", "name", "candidates": [{
 * "candidate_id", "nominee_name", "rank", "rank_raw", "score", "raw",
 * "median", "reviews", "spread", "disputed"}]}]}.  A member never sees
 * their conflicted candidates (ranks are numbered without them).  Values
 * are null for a candidate without a final review.  200; 401; 404
 * unknown cycle; 409 not_deliberation (a member, another phase); 503.
 */
void
ranking_get(struct req *req)
{
	PGresult	*cyc = NULL, *res = NULL, *wm = NULL;
	json_t		*cats, *cat = NULL, *list = NULL;
	char		 cycle[24], viewer[24];
	long long	 current = 0;
	int		 i, member = req->user.role != ROLE_ORGANIZER;

	db_i64(cycle, (long long)req->ids[0]);
	db_i64(viewer, member ? (long long)req->user.id : 0);
	if ((cyc = DB_EXEC(req->db, SQL_RANKINGS_CYCLE, cycle)) == NULL) {
		http_db_error(req);
		goto out;
	}
	if (PQntuples(cyc) == 0) {
		http_error(req, 404, "not_found", "no such cycle", NULL);
		goto out;
	}
	if (member && strcmp(db_text(cyc, 0, "phase"), "deliberation") != 0) {
		http_error(req, 409, "not_deliberation", "members read the "
		    "rankings during deliberation", NULL);
		goto out;
	}
	/* A transaction only so that the work_mem setting ends with it. */
	if (db_begin(req->db) == -1 ||
	    (wm = DB_EXEC0(req->db, SQL_RANKINGS_WORK_MEM)) == NULL ||
	    (res = DB_EXEC(req->db, SQL_RANKINGS, cycle, viewer)) == NULL ||
	    db_commit(req->db) == -1) {
		db_rollback(req->db);
		http_db_error(req);
		goto out;
	}
	cats = json_array();
	for (i = 0; i < PQntuples(res); i++) {
		if (cat == NULL || db_int(res, i, "category_id") != current) {
			current = db_int(res, i, "category_id");
			list = json_array();
			cat = json_pack("{s:I, s:s, s:o}", "id",
			    (json_int_t)current, "name",
			    db_text(res, i, "category_name"),
			    "candidates", list);
			json_array_append_new(cats, cat);
		}
		if (db_isnull(res, i, "candidate_id"))
			continue;
		json_array_append_new(list, json_pack("{s:I, s:s, s:I, s:I, "
		    "s:o, s:o, s:o, s:I, s:o, s:b}",
		    "candidate_id", (json_int_t)db_int(res, i, "candidate_id"),
		    "nominee_name", db_text(res, i, "nominee_name"),
		    "rank", (json_int_t)db_int(res, i, "rank"),
		    "rank_raw", (json_int_t)db_int(res, i, "rank_raw"),
		    "score", ranking_real(res, i, "score"),
		    "raw", ranking_real(res, i, "raw"),
		    "median", ranking_real(res, i, "median"),
		    "reviews", (json_int_t)db_int(res, i, "reviews"),
		    "spread", ranking_real(res, i, "spread"),
		    "disputed", db_bool(res, i, "disputed")));
	}
	http_json(req, 200, json_pack("{s:I, s:o}", "cycle_id",
	    (json_int_t)req->ids[0], "categories", cats));
out:
	PQclear(cyc);
	PQclear(wm);
	PQclear(res);
}
