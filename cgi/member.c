/*
 * member.c: what a committee member sees of their work (SPEC §3, §4):
 * GET /api/me/assignments, and GET /api/candidates/{id} for members and
 * organizers.  Declare before reading: until the member has attested, a
 * candidate shows only the nominee's name, affiliation and category.  In a
 * blind cycle no nominator identity ever leaves for a member (the SQL
 * already blanks it).  Every member's read of a candidate is audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

/* See awards.h. */
int
member_candidate(struct req *req, int64_t candidate_id, PGresult **out)
{
	PGresult	*res;
	char		 cand[24], user[24];

	*out = NULL;
	res = DB_EXEC(req->db, SQL_CANDIDATE_FOR_MEMBER,
	    db_i64(cand, (long long)candidate_id),
	    db_i64(user, (long long)req->user.id));
	if (res == NULL) {
		http_db_error(req);
		return -1;
	}
	if (PQntuples(res) == 0) {
		PQclear(res);
		http_error(req, 404, "not_found", "no such candidate", NULL);
		return 0;
	}
	*out = res;
	return 1;
}

/*
 * GET /api/me/assignments (member): {"assignments": [{"candidate_id",
 * "nominee_name", "nominee_affiliation", "category_id", "category_name",
 * "attested", "review": "none"|"draft"|"final", "cycle_id", "cycle_name",
 * "phase", "scoring_close_at"}]}, never a conflicted candidate, of cycles
 * from the close of nominations to the decision.  200; 401; 503.
 */
void
me_assignments(struct req *req)
{
	char	 user[24];

	http_json_answer(req, DB_EXEC(req->db, SQL_ME_ASSIGNMENTS,
	    db_i64(user, (long long)req->user.id)), "member");
}

/*
 * The rubric of cycle_id as a JSON array, as PostgreSQL writes it for a
 * member's read too (the view cycle_rubrics).  Returns a new reference, or
 * NULL on a database failure (or when memory runs out).
 */
static json_t *
member_rubric(struct db *db, const char *cycle_id)
{
	PGresult	*res;
	json_t		*list;

	if ((res = DB_EXEC(db, SQL_RUBRIC_OF_CYCLE, cycle_id)) == NULL)
		return NULL;
	list = json_loads(db_text(res, 0, "criteria"), 0, NULL);
	PQclear(res);
	return list;
}

/*
 * The candidate as member req->user sees it, answered as PostgreSQL
 * wrote it: SQL_CANDIDATE_READ checks the access, audits the read and
 * builds the JSON in one statement, one round trip (built here, object by
 * object, it was a fifth of serve's work for this request; the audit row
 * and the answer stand or fall together).  Answers 200, 404 or 503.
 */
static void
candidate_get_member(struct req *req)
{
	char	 cand[24], user[24];

	http_json_answer(req, DB_EXEC(req->db, SQL_CANDIDATE_READ,
	    db_i64(cand, (long long)req->ids[0]),
	    db_i64(user, (long long)req->user.id), req->remote_addr),
	    "candidate");
}

/*
 * The candidate as an organizer sees it: everything, with every confirmed
 * nomination (nominators included) and the number of unconfirmed ones
 * (never their content), the rubric, the reviewers and the conflicts with
 * their reasons.  Answers 200, 404 (also for a candidate of unconfirmed
 * nominations only) or 503.
 */
static void
candidate_get_organizer(struct req *req)
{
	PGresult	*res = NULL, *noms = NULL, *conf = NULL, *asg = NULL;
	json_t		*out, *rubric;
	char		 cand[24];

	db_i64(cand, (long long)req->ids[0]);
	if ((res = DB_EXEC(req->db, SQL_CANDIDATE_FOR_ORGANIZER,
	    cand)) == NULL ||
	    !http_row_found(req, res, "candidate"))
		goto out;
	if ((noms = DB_EXEC(req->db, SQL_CANDIDATE_NOMINATIONS_ALL,
	    cand)) == NULL ||
	    (conf = DB_EXEC(req->db, SQL_CANDIDATE_CONFLICTS, cand)) == NULL ||
	    (asg = DB_EXEC(req->db, SQL_CANDIDATE_ASSIGNMENTS, cand)) == NULL ||
	    (rubric = member_rubric(req->db,
	    db_text(res, 0, "cycle_id"))) == NULL)
		goto out;
	/* What every reader sees, as candidate_json() wrote it. */
	if ((out = json_loads(db_text(res, 0, "candidate"), 0,
	    NULL)) == NULL) {
		json_decref(rubric);
		http_internal(req, "candidate: decode");
		goto out;
	}
	json_object_set_new(out, "nominee_email",
	    json_string(db_text(res, 0, "nominee_email")));
	json_object_set_new(out, "status",
	    json_string(db_text(res, 0, "status")));
	json_object_set_new(out, "merged_into",
	    db_json_int(res, 0, "merged_into"));
	json_object_set_new(out, "declined_by_nominee", json_boolean(
	    strcmp(db_text(res, 0, "status"), "declined") == 0));
	json_object_set_new(out, "private",
	    json_boolean(db_bool(res, 0, "private")));
	json_object_set_new(out, "unconfirmed",
	    json_integer((json_int_t)db_int(res, 0, "unconfirmed")));
	json_object_set_new(out, "criteria", rubric);
	json_object_set_new(out, "nominations", db_json_rows(noms));
	json_object_set_new(out, "assignments", db_json_rows(asg));
	json_object_set_new(out, "conflicts", db_json_rows(conf));
	http_json(req, 200, out);
out:
	PQclear(res);
	PQclear(noms);
	PQclear(conf);
	PQclear(asg);
}

/*
 * GET /api/candidates/{id} (member, organizer).  A member: only when
 * assigned and not conflicted (else 404, as for an unknown id); before
 * attesting {"id", "nominee_name", "nominee_affiliation", "category",
 * "cycle", "attested": false}; after, also "nominations" (eligible
 * statements only; nominator only in a cycle that is not blind),
 * "criteria" and their own "review" (or null); the read is audited.  An
 * organizer: everything but unconfirmed nominations, which are only
 * counted ("unconfirmed").  200; 401; 404; 503.
 */
void
member_candidate_get(struct req *req)
{
	if (req->user.role == ROLE_ORGANIZER) {
		candidate_get_organizer(req);
		return;
	}
	candidate_get_member(req);
}
