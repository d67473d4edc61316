/*
 * merge.c: organizers merge two candidates of one category (SPEC §3):
 * the same person nominated under two addresses.  Everything follows to
 * the candidate kept: nominations, assignments, conflicts, reviews.  A
 * member who reviewed both keeps the review of the candidate kept; the
 * other stays with the merged candidate, marked merged.  The automatic
 * conflicts follow with the nominations they are derived from
 * (candidate_conflicts).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

static const struct valid_field merge_fields[] = {
	{ .name = "into", .type = VALID_ID, .required = 1 },
	{ .name = NULL }
};

/*
 * POST /api/candidates/{id}/merge (organizer): {"into": id} merges
 * candidate {id} into candidate "into" of the same category.  200 {"id":
 * into, "merged": [id]}; 400; 404 no such candidate {id}; 409
 * different_category, already_merged or wrong_phase (after scoring);
 * 415; 422 into unknown or the same candidate; 503.
 */
void
merge_candidates(struct req *req)
{
	json_t		*body, *detail = NULL;
	PGresult	*res = NULL;
	char		 from[24], into[24];
	int64_t		 into_id;
	int		 i, fi = -1, ii = -1;

	if ((body = valid_body(req, merge_fields)) == NULL)
		return;
	into_id = json_integer_value(json_object_get(body, "into"));
	if (into_id == req->ids[0]) {
		http_error(req, 422, "invalid", "a candidate cannot merge into "
		    "itself", json_pack("{s:s}", "into",
		    "must be another candidate"));
		goto out;
	}
	db_i64(from, (long long)req->ids[0]);
	db_i64(into, (long long)into_id);
	if (db_begin(req->db) == -1 ||
	    (res = DB_EXEC(req->db, SQL_MERGE_FIND, from, into)) == NULL)
		goto out;
	for (i = 0; i < PQntuples(res); i++) {
		if (db_int(res, i, "id") == req->ids[0])
			fi = i;
		else
			ii = i;
	}
	if (fi == -1 || ii == -1) {
		db_rollback(req->db);
		if (fi == -1)
			http_error(req, 404, "not_found", "no such candidate",
			    NULL);
		else
			http_error(req, 422, "invalid", "no such candidate",
			    json_pack("{s:s}", "into", "no such candidate"));
		goto out;
	}
	if (db_int(res, fi, "category_id") != db_int(res, ii, "category_id")) {
		http_error(req, 409, "different_category", "only candidates "
		    "of one category can merge", NULL);
		goto out;
	}
	if (!phase_guard(req, ACTION_MERGE, db_text(res, fi, "phase")))
		goto out;
	if (strcmp(db_text(res, fi, "status"), "merged") == 0 ||
	    strcmp(db_text(res, ii, "status"), "merged") == 0) {
		http_error(req, 409, "already_merged", "one of the candidates "
		    "was merged already", NULL);
		goto out;
	}
	detail = json_pack("{s:I}", "into", (json_int_t)into_id);
	if (db_command(req->db, SQL_MERGE_NOMINATIONS, 2, DB_ARGS(from,
	    into)) == -1 ||
	    db_command(req->db, SQL_MERGE_CONFLICTS, 2, DB_ARGS(from,
	    into)) == -1 ||
	    db_command(req->db, SQL_MERGE_REVIEWS, 2, DB_ARGS(from,
	    into)) == -1 ||
	    db_command(req->db, SQL_MERGE_ASSIGNMENTS, 2, DB_ARGS(from,
	    into)) == -1 ||
	    db_command(req->db, SQL_MERGE_MARK, 2, DB_ARGS(from, into)) ==
	    -1 ||
	    db_command(req->db, SQL_MERGE_REVIVE, 1, DB_ARGS(into)) == -1 ||
	    db_command(req->db, SQL_MERGE_DROP_CONFLICTED, 1,
	    DB_ARGS(into)) == -1 ||
	    audit_write(req, "candidate.merge", "candidate", req->ids[0],
	    detail) == -1 || db_commit(req->db) == -1)
		goto out;
	http_json(req, 200, json_pack("{s:I, s:[I]}", "id",
	    (json_int_t)into_id, "merged", (json_int_t)req->ids[0]));
out:
	json_decref(detail);
	PQclear(res);
	json_decref(body);
}
