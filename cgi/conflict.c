/*
 * conflict.c: declare before reading (SPEC §3).  A member attests "no
 * conflict" (statements unlock) or declares one; an organizer sets one
 * silently.  Such a conflict is a row of conflicts; every read filters
 * on the view candidate_conflicts, those rows and the automatic conflicts
 * it derives from the nominations (migration 0018).  From then on the
 * member neither sees nor is assigned the candidate, and their review and
 * comments drop out of the rankings and of what others see.  A member's
 * declaration mails every organizer (EVENT_CONFLICT_DECLARED); its reason
 * is shown to organizers by the API only, never mailed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

#define CONFLICT_REASON_MAX	2000	/* characters */

static const struct valid_field attest_fields[] = {
	{ .name = "conflict", .type = VALID_BOOL, .required = 1 },
	{ .name = "reason", .type = VALID_LONGTEXT,
	    .max = CONFLICT_REASON_MAX },
	{ .name = NULL }
};

static const struct valid_field conflict_fields[] = {
	{ .name = "user_id", .type = VALID_ID },
	{ .name = "reason", .type = VALID_LONGTEXT,
	    .max = CONFLICT_REASON_MAX },
	{ .name = NULL }
};

/*
 * Queues the conflict_declared mail to every organizer: who, which
 * candidate, never the reason.  Inside the caller's transaction.  Returns
 * 0, or -1 on a database or template failure.
 */
static int
conflict_notify(struct req *req, int64_t candidate_id, int64_t conflict_id)
{
	PGresult	*res;
	json_t		*values;
	char		 cand[24], key[96];
	int		 i, rc = -1;

	res = DB_EXEC(req->db, SQL_CONFLICT_NOTICE,
	    db_i64(cand, (long long)candidate_id));
	if (res == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		values = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		    "name", db_text(res, i, "name"),
		    "member_name", req->user.name,
		    "candidate_id", db_text(res, i, "candidate_id"),
		    "nominee_name", db_text(res, i, "nominee_name"),
		    "category_name", db_text(res, i, "category_name"),
		    "cycle_name", db_text(res, i, "cycle_name"),
		    "base_url", config.base_url);
		snprintf(key, sizeof(key), "%lld:%s",
		    (long long)conflict_id, db_text(res, i, "organizer_id"));
		if (values == NULL || outbox_queue(req->db,
		    db_int(res, i, "cycle_id"), EVENT_CONFLICT_DECLARED,
		    NULL, db_text(res, i, "email"), db_text(res, i, "name"), values,
		    key, 0) == -1) {
			json_decref(values);
			goto out;
		}
		json_decref(values);
	}
	rc = 0;
out:
	PQclear(res);
	return rc;
}

/*
 * Records a conflict of user_id with candidate_id inside the caller's
 * transaction: the row, the assignment dropped, the audit entry, and for
 * a member's own declaration the organizers' mail.  *created is 0 when a
 * conflict existed already (nothing else is done).  Returns 0, or -1 on a
 * database failure.
 */
static int
conflict_record(struct req *req, int64_t candidate_id, int64_t user_id,
    const char *source, const char *reason, int *created)
{
	PGresult	*res;
	json_t		*detail;
	char		 cand[24], user[24], by[24];
	int64_t		 conflict_id;
	int		 rc;

	*created = 0;
	db_i64(cand, (long long)candidate_id);
	db_i64(user, (long long)user_id);
	res = DB_EXEC(req->db, SQL_CONFLICT_INSERT, cand, user, source, reason,
	    db_i64(by, (long long)req->user.id));
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	conflict_id = db_int(res, 0, "conflict_id");
	PQclear(res);
	*created = 1;
	if (db_command(req->db, SQL_CONFLICT_DROP_ASSIGNMENT, 2,
	    DB_ARGS(cand, user)) == -1)
		return -1;
	detail = json_pack("{s:I, s:I, s:s}", "candidate_id",
	    (json_int_t)candidate_id, "user_id", (json_int_t)user_id,
	    "source", source);
	rc = audit_write(req, "conflict.create", "conflict", conflict_id,
	    detail);
	json_decref(detail);
	if (rc == 0 && strcmp(source, "declared") == 0)
		rc = conflict_notify(req, candidate_id, conflict_id);
	return rc;
}

/*
 * The member's own declaration on candidate {id}, after the access check:
 * begins, records, commits.  Answers status {"candidate_id", "user_id",
 * "conflict": true}, 404 (not assigned, already conflicted), 409
 * wrong_phase or 503.
 */
static void
conflict_declare_self(struct req *req, const char *reason, int status)
{
	PGresult	*res = NULL;
	int		 created;

	if (db_begin(req->db) == -1)
		return;
	if (member_candidate(req, req->ids[0], &res) != 1)
		return;
	if (!phase_guard(req, ACTION_CONFLICT, db_text(res, 0, "phase"))) {
		db_rollback(req->db);
		PQclear(res);
		return;
	}
	PQclear(res);
	if (conflict_record(req, req->ids[0], req->user.id, "declared",
	    reason, &created) == -1 || db_commit(req->db) == -1)
		return;
	http_json(req, status, json_pack("{s:I, s:I, s:b}", "candidate_id",
	    (json_int_t)req->ids[0], "user_id", (json_int_t)req->user.id,
	    "conflict", 1));
}

/* Whether the reason of body is there and not blank; else answers 422. */
static int
conflict_reason(struct req *req, json_t *body, const char **reason)
{
	json_t		*v = json_object_get(body, "reason");
	const char	*p;

	*reason = json_is_string(v) ? json_string_value(v) : "";
	for (p = *reason; *p == ' ' || *p == '\n' || *p == '\t'; p++)
		;
	if (*p != '\0')
		return 1;
	http_error(req, 422, "invalid", "some fields are not valid",
	    json_pack("{s:s}", "reason", "is required"));
	return 0;
}

/*
 * POST /api/candidates/{id}/attest (member): {"conflict": false} unlocks
 * the statements; {"conflict": true, "reason"} declares a conflict (the
 * candidate leaves the member's list; the organizers are mailed).  200
 * {"candidate_id", "attested": true, "attested_at"} or {"candidate_id",
 * "conflict": true}; 400; 401; 403 csrf; 404 not assigned or conflicted;
 * 409 wrong_phase (attesting outside scoring, declaring after
 * deliberation); 415; 422 reason missing; 503.
 */
void
candidate_attest(struct req *req)
{
	PGresult	*res = NULL, *upd = NULL;
	json_t		*body, *detail;
	const char	*reason;
	char		 cand[24], user[24];

	if ((body = valid_body(req, attest_fields)) == NULL)
		return;
	if (json_is_true(json_object_get(body, "conflict"))) {
		if (conflict_reason(req, body, &reason))
			conflict_declare_self(req, reason, 200);
		goto out;
	}
	if (db_begin(req->db) == -1)
		goto out;
	if (member_candidate(req, req->ids[0], &res) != 1)
		goto out;
	if (!phase_guard(req, ACTION_REVIEW, db_text(res, 0, "phase")))
		goto out;
	detail = json_pack("{s:b}", "conflict", 0);
	if ((upd = DB_EXEC(req->db, SQL_ATTEST,
	    db_i64(cand, (long long)req->ids[0]),
	    db_i64(user, (long long)req->user.id))) == NULL ||
	    PQntuples(upd) != 1 ||
	    audit_write(req, "candidate.attest", "candidate", req->ids[0],
	    detail) == -1 || db_commit(req->db) == -1) {
		json_decref(detail);
		db_rollback(req->db);
		http_db_error(req);
		goto out;
	}
	json_decref(detail);
	http_json(req, 200, json_pack("{s:I, s:b, s:s}", "candidate_id",
	    (json_int_t)req->ids[0], "attested", 1, "attested_at",
	    db_text(upd, 0, "attested_at")));
out:
	PQclear(res);
	PQclear(upd);
	json_decref(body);
}

/*
 * POST /api/candidates/{id}/conflicts (member, organizer).  A member:
 * {"reason"} declares their own conflict (as attest with conflict true;
 * a "user_id" other than their own is 403).  An organizer: {"user_id",
 * "reason"} sets one silently (the member is not told; no mail).  201
 * {"candidate_id", "user_id", "conflict": true}; 400; 401; 403; 404
 * unknown candidate (or, for a member, not theirs); 409 wrong_phase
 * (before nominations open or once decided) or already_conflicted
 * (organizer); 415; 422 reason or user_id missing,
 * unknown user_id; 503.
 */
void
candidate_conflict(struct req *req)
{
	PGresult	*res = NULL;
	json_t		*body, *uid;
	const char	*reason;
	char		 id[24];
	int64_t		 user_id;
	int		 created;

	if ((body = valid_body(req, conflict_fields)) == NULL)
		return;
	uid = json_object_get(body, "user_id");
	if (req->user.role != ROLE_ORGANIZER) {
		if (uid != NULL && json_integer_value(uid) != req->user.id) {
			http_error(req, 403, "forbidden", "a member declares "
			    "only their own conflicts", NULL);
			goto out;
		}
		if (conflict_reason(req, body, &reason))
			conflict_declare_self(req, reason, 201);
		goto out;
	}
	if (uid == NULL) {
		http_error(req, 422, "invalid", "some fields are not valid",
		    json_pack("{s:s}", "user_id", "is required"));
		goto out;
	}
	user_id = json_integer_value(uid);
	reason = json_string_value(json_object_get(body, "reason"));
	if (db_begin(req->db) == -1)
		goto out;
	if ((res = DB_EXEC(req->db, SQL_CANDIDATE_FOR_ORGANIZER,
	    db_i64(id, (long long)req->ids[0]))) == NULL ||
	    !http_row_found(req, res, "candidate"))
		goto out;
	if (!phase_guard(req, ACTION_CONFLICT, db_text(res, 0, "phase")))
		goto out;
	PQclear(res);
	if ((res = DB_EXEC(req->db, SQL_CONFLICT_USER,
	    db_i64(id, (long long)user_id))) == NULL)
		goto out;
	if (PQntuples(res) == 0) {
		http_error(req, 422, "invalid", "some fields are not valid",
		    json_pack("{s:s}", "user_id", "is not a user"));
		goto out;
	}
	if (conflict_record(req, req->ids[0], user_id, "organizer",
	    reason != NULL ? reason : "", &created) == -1)
		goto out;
	if (!created) {
		http_error(req, 409, "already_conflicted",
		    "this member is already conflicted with the candidate",
		    NULL);
		goto out;
	}
	if (db_commit(req->db) == -1)
		goto out;
	http_json(req, 201, json_pack("{s:I, s:I, s:b}", "candidate_id",
	    (json_int_t)req->ids[0], "user_id", (json_int_t)user_id,
	    "conflict", 1));
out:
	PQclear(res);
	json_decref(body);
}

/*
 * GET /api/cycles/{id}/conflicts (organizer): every conflict of the
 * cycle with its ground.  200 {"conflicts": [{"id" (null when derived
 * from addresses: it cannot be removed), "candidate_id", "nominee_name",
 * "category_name", "user_id", "user_name", "source" (automatic, declared,
 * organizer), "basis" (nominee, nominator, referee, declared, organizer),
 * "reason", "pending", "removable", "created_at"}]}; 404 no such cycle;
 * 503.
 */
void
conflict_list(struct req *req)
{
	PGresult	*cyc;
	char		 id[24];

	db_i64(id, (long long)req->ids[0]);
	if ((cyc = DB_EXEC(req->db, SQL_EXPORT_CYCLE, id)) == NULL)
		return;
	if (http_row_found(req, cyc, "cycle"))
		http_json_rows(req, "conflicts", DB_EXEC(req->db,
		    SQL_CONFLICT_LIST, id));
	PQclear(cyc);
}

/*
 * DELETE /api/conflicts/{id} (organizer): removes a declared or
 * organizer-set conflict; the member may be assigned the candidate
 * again (nothing is assigned by itself).  Audited.  204; 404 no such
 * conflict; 409 derived (a conflict found from addresses lasts as long
 * as the data) or wrong_phase; 503.
 */
void
conflict_delete(struct req *req)
{
	PGresult	*res = NULL, *del = NULL;
	json_t		*detail = NULL;
	char		 id[24];

	db_i64(id, (long long)req->ids[0]);
	if ((res = db_begin_find(req, SQL_CONFLICT_FIND, "conflict")) == NULL)
		goto out;
	if (!phase_guard(req, ACTION_CONFLICT, db_text(res, 0, "phase")))
		goto out;
	if (strcmp(db_text(res, 0, "source"), "automatic") == 0) {
		http_error(req, 409, "derived", "this conflict follows from "
		    "the addresses of the nominations and cannot be removed",
		    NULL);
		goto out;
	}
	detail = json_pack("{s:I, s:I, s:s}", "candidate_id",
	    (json_int_t)db_int(res, 0, "candidate_id"), "user_id",
	    (json_int_t)db_int(res, 0, "user_id"), "source",
	    db_text(res, 0, "source"));
	if ((del = DB_EXEC(req->db, SQL_CONFLICT_DELETE, id)) == NULL ||
	    audit_write(req, "conflict.delete", "conflict", req->ids[0],
	    detail) == -1 || db_commit(req->db) == -1)
		goto out;
	http_raw(req, 204, NULL, NULL, 0);
out:
	PQclear(res);
	PQclear(del);
	json_decref(detail);
}
