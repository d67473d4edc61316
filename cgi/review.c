/*
 * review.c: reviews (SPEC §3, §4).  A member writes one review per
 * assigned candidate: an integer per criterion within its scale, a
 * comment, final or not.  Drafts are editable; a final review is locked
 * until an organizer reopens it.  Reviews are written only in phase
 * scoring, only by assigned, attested, unconflicted members.  Each save
 * answers the review's version and carries the version it edits, so a
 * second tab never silently overwrites the first (409 stale).  Reading
 * them: organizers always (drafts too), members in deliberation only, of
 * their own candidates, final reviews only; never a conflicted member's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

#define REVIEW_COMMENT_MAX	10000	/* characters */
#define REVIEW_REASON_MAX	1000	/* characters */

static const struct valid_field review_fields[] = {
	{ .name = "scores", .type = VALID_OBJECT, .required = 1,
	    .sub = NULL },	/* keys are criterion ids: review_scores() */
	{ .name = "comment", .type = VALID_LONGTEXT,
	    .max = REVIEW_COMMENT_MAX },
	{ .name = "final", .type = VALID_BOOL, .required = 1 },
	/* Absent only for the first save. */
	{ .name = "version", .type = VALID_INT, .lo = 1, .hi = 2147483647 },
	{ .name = NULL }
};

static const struct valid_field reopen_fields[] = {
	{ .name = "reason", .type = VALID_LONGTEXT, .required = 1, .min = 1,
	    .max = REVIEW_REASON_MAX },
	{ .name = NULL }
};

/*
 * Checks scores ({"<criterion id>": integer}) against the rubric in crit
 * (rows of SQL_CRITERIA_OF_CYCLE): every key a criterion of the cycle,
 * every value an integer within its scale, and, when final, every
 * criterion present.  Fills errors with {"scores.<id>": why}; *malformed
 * is set for a value that is not an integer.  Returns 1 when valid.
 */
static int
review_scores(json_t *scores, const PGresult *crit, int final,
    json_t *errors, int *malformed)
{
	const char	*key;
	json_t		*v;
	char		 field[80], why[64];
	int		 i, found;

	*malformed = 0;
	json_object_foreach(scores, key, v) {
		snprintf(field, sizeof(field), "scores.%.60s", key);
		for (i = 0, found = -1; i < PQntuples(crit); i++)
			if (strcmp(db_text(crit, i, "criterion_id"), key) == 0)
				found = i;
		if (!json_is_integer(v)) {
			json_object_set_new(errors, field,
			    json_string("must be an integer"));
			*malformed = 1;
		} else if (found == -1)
			json_object_set_new(errors, field, json_string(
			    "is not a criterion of this cycle"));
		else if (json_integer_value(v) <
		    db_int(crit, found, "min_score") ||
		    json_integer_value(v) > db_int(crit, found, "max_score")) {
			snprintf(why, sizeof(why), "must be from %lld to %lld",
			    db_int(crit, found, "min_score"),
			    db_int(crit, found, "max_score"));
			json_object_set_new(errors, field, json_string(why));
		}
	}
	for (i = 0; final && i < PQntuples(crit); i++) {
		key = db_text(crit, i, "criterion_id");
		if (json_object_get(scores, key) != NULL)
			continue;
		snprintf(field, sizeof(field), "scores.%s", key);
		json_object_set_new(errors, field, json_string("is required"));
	}
	return json_object_size(errors) == 0;
}

/*
 * Writes the review inside the open transaction, after every check:
 * upsert unless final or newer than the version the save edits, scores
 * replaced, audit.  *locked is set when no row was written (the review
 * is final, or another save came first).  Returns the row of
 * SQL_REVIEW_UPSERT (the caller clears it), or NULL (locked, or a
 * database failure).
 */
static PGresult *
review_write(struct req *req, const char *cand, json_t *body, int *locked)
{
	PGresult	*res;
	json_t		*comment, *detail, *version;
	char		*scores, user[24], edits[24];
	int		 final, rc;

	*locked = 0;
	final = json_is_true(json_object_get(body, "final"));
	comment = json_object_get(body, "comment");
	version = json_object_get(body, "version");
	if (version != NULL)
		db_i64(edits, (long long)json_integer_value(version));
	else
		edits[0] = '\0';
	res = DB_EXEC(req->db, SQL_REVIEW_UPSERT, cand,
	    db_i64(user, (long long)req->user.id),
	    json_is_string(comment) ? json_string_value(comment) : "",
	    final ? "true" : "false", edits);
	if (res == NULL)
		return NULL;
	if (PQntuples(res) == 0) {
		*locked = 1;
		PQclear(res);
		return NULL;
	}
	scores = json_dumps(json_object_get(body, "scores"), JSON_COMPACT);
	detail = json_pack("{s:I, s:b, s:I}", "candidate_id",
	    (json_int_t)req->ids[0], "final", final, "version",
	    (json_int_t)db_int(res, 0, "version"));
	rc = scores == NULL ||
	    db_command(req->db, SQL_REVIEW_SCORES_CLEAR, 1,
	    DB_ARGS(db_text(res, 0, "review_id"))) == -1 ||
	    db_command(req->db, SQL_REVIEW_SCORES_INSERT, 2,
	    DB_ARGS(db_text(res, 0, "review_id"), scores)) == -1 ||
	    audit_write(req, final ? "review.submit" : "review.save",
	    "review", db_int(res, 0, "review_id"), detail) == -1 ? -1 : 0;
	free(scores);
	json_decref(detail);
	if (rc == -1) {
		PQclear(res);
		return NULL;
	}
	return res;
}

/*
 * Answers the 409 of a save that wrote nothing, inside the open
 * transaction, which it rolls back: review_final when the review is
 * final, else stale (another save came first, or a save without a
 * version found a review); both with "review", the current one, so the
 * page can show it beside what the member typed.
 */
static void
review_refused(struct req *req, const char *cand)
{
	PGresult	*res;
	json_t		*current;
	char		 user[24];
	int		 final;

	res = DB_EXEC(req->db, SQL_REVIEW_CURRENT, cand,
	    db_i64(user, (long long)req->user.id));
	db_rollback(req->db);
	if (res == NULL)
		return;
	final = PQntuples(res) == 1 && db_bool(res, 0, "final");
	current = PQntuples(res) == 1 ?
	    json_loads(db_text(res, 0, "review"), 0, NULL) : NULL;
	PQclear(res);
	if (final)
		http_error_extra(req, 409, "review_final", "this review is "
		    "final; an organizer can reopen it", json_pack("{s:o*}",
		    "review", current));
	else
		http_error_extra(req, 409, "stale", "this review was saved "
		    "since you opened it: compare, then save again with its "
		    "version", json_pack("{s:o*}", "review", current));
}

/*
 * PUT /api/candidates/{id}/review (member): {"scores": {"<criterion id>":
 * n}, "comment", "final", "version"} creates or replaces the member's
 * review.  "version" is the one the last save answered, absent only for
 * the first save.  Drafts may leave criteria out; a final review needs
 * every one.  200 {"id", "candidate_id", "scores", "comment", "final",
 * "version", "updated_at"}; 400 malformed (a score not an integer); 401;
 * 403 csrf; 404 not assigned or conflicted; 409 wrong_phase (the cycle
 * is not in phase scoring), not_attested, review_final (locked), stale
 * (a newer version, or a review exists and no version was sent), both
 * with the current "review"; 415; 422 with "fields" naming each bad
 * criterion as "scores.<id>"; 503.
 */
void
review_put(struct req *req)
{
	PGresult	*res = NULL, *crit = NULL, *lock = NULL, *out = NULL;
	json_t		*body, *errors = NULL;
	const char	*cycle, *comment;
	char		 cand[24];
	int		 malformed, locked;

	if ((body = valid_body(req, review_fields)) == NULL)
		return;
	db_i64(cand, (long long)req->ids[0]);
	if (db_begin(req->db) == -1)
		goto out;
	if (member_candidate(req, req->ids[0], &res) != 1)
		goto out;
	cycle = db_text(res, 0, "cycle_id");
	if ((lock = DB_EXEC(req->db, SQL_CYCLE_PHASE_SHARE, cycle)) == NULL ||
	    (crit = DB_EXEC(req->db, SQL_CRITERIA_OF_CYCLE, cycle)) == NULL)
		goto out;
	if (!phase_guard(req, ACTION_REVIEW, db_text(lock, 0, "phase")))
		goto out;
	if (!db_bool(res, 0, "attested")) {
		http_error(req, 409, "not_attested", "declare whether you "
		    "have a conflict of interest first", NULL);
		goto out;
	}
	errors = json_object();
	if (!review_scores(json_object_get(body, "scores"), crit,
	    json_is_true(json_object_get(body, "final")), errors,
	    &malformed)) {
		db_rollback(req->db);
		if (malformed)
			http_error(req, 400, "malformed", "a score is not an "
			    "integer", errors);
		else
			http_error(req, 422, "invalid", "some scores are not "
			    "valid", errors);
		errors = NULL;
		goto out;
	}
	if ((out = review_write(req, cand, body, &locked)) == NULL) {
		if (!locked)
			goto out;
		review_refused(req, cand);
		goto out;
	}
	if (db_commit(req->db) == -1)
		goto out;
	comment = json_string_value(json_object_get(body, "comment"));
	http_json(req, 200, json_pack("{s:I, s:I, s:O, s:s, s:O, s:I, s:s}",
	    "id", (json_int_t)db_int(out, 0, "review_id"),
	    "candidate_id", (json_int_t)req->ids[0],
	    "scores", json_object_get(body, "scores"),
	    "comment", comment != NULL ? comment : "",
	    "final", json_object_get(body, "final"),
	    "version", (json_int_t)db_int(out, 0, "version"),
	    "updated_at", db_text(out, 0, "updated_at")));
out:
	PQclear(res);
	PQclear(crit);
	PQclear(lock);
	PQclear(out);
	json_decref(errors);
	json_decref(body);
}

/*
 * GET /api/candidates/{id}/reviews (member, organizer): {"reviews":
 * [{"id", "user_id", "reviewer_name", "scores", "comment", "final",
 * "updated_at"}]}, never a conflicted member's.  Organizers: from
 * scoring on, drafts too.  Members: their assigned, unconflicted
 * candidates only (else 404), final reviews only, in phase deliberation
 * only.  200; 401; 404; 409 wrong_phase; 503.
 */
void
review_list(struct req *req)
{
	PGresult	*who = NULL;
	char		 cand[24];
	int		 member = req->user.role != ROLE_ORGANIZER;

	db_i64(cand, (long long)req->ids[0]);
	if (member) {
		if (member_candidate(req, req->ids[0], &who) != 1)
			return;
		if (!phase_guard(req, ACTION_MEMBER_READ_REVIEWS,
		    db_text(who, 0, "phase")))
			goto out;
	} else {
		if ((who = DB_EXEC(req->db, SQL_CANDIDATE_FOR_ORGANIZER,
		    cand)) == NULL || !http_row_found(req, who, "candidate"))
			goto out;
		if (!phase_guard(req, ACTION_ORGANIZER_READ_REVIEWS,
		    db_text(who, 0, "phase")))
			goto out;
	}
	http_json_rows(req, "reviews", DB_EXEC(req->db,
	    SQL_REVIEWS_OF_CANDIDATE, cand, member ? "true" : "false"));
out:
	PQclear(who);
}

/*
 * Queues the review_reopened mail to the member whose review SQL_REVIEW_
 * REOPEN (its result done) reopened, in their account's language, with
 * the organizer's reason and the link to the review.  Inside the
 * caller's transaction.  Returns 0, or -1 on a database or template
 * failure.
 */
static int
review_reopen_notify(struct req *req, const PGresult *done,
    const char *reason)
{
	json_t		*values;
	char		 url[512], key[64];
	int		 rc;

	if (PQntuples(done) != 1)
		return -1;
	snprintf(url, sizeof(url), "%s/score?candidate=%s", config.base_url,
	    db_text(done, 0, "candidate_id"));
	snprintf(key, sizeof(key), "%s:%s", db_text(done, 0, "review_id"),
	    db_text(done, 0, "reopened_us"));
	values = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
	    "name", db_text(done, 0, "name"),
	    "nominee_name", db_text(done, 0, "nominee_name"),
	    "category_name", db_text(done, 0, "category_name"),
	    "cycle_name", db_text(done, 0, "cycle_name"),
	    "reason", reason, "score_url", url);
	if (values == NULL)
		return -1;
	rc = outbox_queue(req->db, db_int(done, 0, "cycle_id"),
	    EVENT_REVIEW_REOPENED, NULL, db_text(done, 0, "email"),
	    db_text(done, 0, "name"), values, key, 0);
	json_decref(values);
	return rc;
}

/*
 * POST /api/reviews/{id}/reopen (organizer) {"reason"}: a final review
 * becomes a draft again, so its member can change it; they read the
 * reason (1 to 1,000 characters) on their assignments and on the
 * candidate's page until they make it final again, and are mailed it
 * (review_reopened, with the link to the review).  200 {"id", "final":
 * false, "reopen_reason"}; 400; 401; 403; 404 unknown review; 409
 * wrong_phase (the cycle is neither in scoring nor in deliberation) or
 * not_final; 415; 422 no reason; 503.
 */
void
review_reopen(struct req *req)
{
	PGresult	*res = NULL, *done = NULL;
	json_t		*detail = NULL, *body;
	const char	*reason;
	char		 id[24];

	if ((body = valid_body(req, reopen_fields)) == NULL)
		return;
	reason = json_string_value(json_object_get(body, "reason"));
	db_i64(id, (long long)req->ids[0]);
	if (db_begin(req->db) == -1)
		goto out;
	if ((res = DB_EXEC(req->db, SQL_REVIEW_FIND, id)) == NULL ||
	    !http_row_found(req, res, "review"))
		goto out;
	if (!phase_guard(req, ACTION_REOPEN, db_text(res, 0, "phase")))
		goto out;
	if (!db_bool(res, 0, "final")) {
		http_error(req, 409, "not_final", "this review is a draft",
		    NULL);
		goto out;
	}
	detail = json_pack("{s:I, s:I}", "candidate_id",
	    (json_int_t)db_int(res, 0, "candidate_id"), "user_id",
	    (json_int_t)db_int(res, 0, "user_id"));
	if ((done = DB_EXEC(req->db, SQL_REVIEW_REOPEN, id, reason)) ==
	    NULL || review_reopen_notify(req, done, reason) == -1 ||
	    audit_write(req, "review.reopen", "review", req->ids[0],
	    detail) == -1 || db_commit(req->db) == -1)
		goto out;
	http_json(req, 200, json_pack("{s:I, s:b, s:s}", "id",
	    (json_int_t)req->ids[0], "final", 0, "reopen_reason", reason));
out:
	json_decref(detail);
	json_decref(body);
	PQclear(res);
	PQclear(done);
}
