/*
 * comment.c: a candidate's discussion thread (SPEC §3, "Comments").
 * Organizers read and write every thread; a member reads and writes the
 * thread of a candidate assigned to them, once their own review of it is
 * final, and never one they are conflicted with (member_candidates).
 * An author edits or deletes their own comment for 15 minutes after
 * writing it (comment_editable_until() of sql/0030).  Comments carry
 * their author's name only; every write is audited, without its text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

#define COMMENT_BODY_MAX	5000	/* characters */

static const struct valid_field comment_fields[] = {
	{ .name = "body", .type = VALID_LONGTEXT, .required = 1, .min = 1,
	    .max = COMMENT_BODY_MAX },
	{ .name = NULL }
};

/*
 * Whether the signed-in user may reach candidate id's thread for action
 * (ACTION_COMMENT to write; reading passes organizers from scoring on).
 * An organizer reaches any candidate; a member one of theirs
 * (SQL_COMMENT_MEMBER_ACCESS) whose review they have made final.
 * Returns 1 when allowed, 0 after answering 404, 409 wrong_phase or 409
 * review_not_final, -1 after answering 503.  The caller rolls back its
 * transaction, if any, after 0 or -1.
 */
static int
comment_access(struct req *req, int64_t id, int write)
{
	PGresult	*res;
	char		 cand[24], user[24];
	int		 organizer = req->user.role == ROLE_ORGANIZER, rc = -1;
	enum action	 action;

	db_i64(cand, (long long)id);
	if (organizer)
		res = DB_EXEC(req->db, SQL_CANDIDATE_FOR_ORGANIZER, cand);
	else
		res = DB_EXEC(req->db, SQL_COMMENT_MEMBER_ACCESS, cand,
		    db_i64(user, (long long)req->user.id));
	if (res == NULL) {
		http_db_error(req);
		return -1;
	}
	rc = 0;
	if (!http_row_found(req, res, "candidate"))
		goto out;
	action = organizer && !write ? ACTION_ORGANIZER_READ_REVIEWS :
	    ACTION_COMMENT;
	if (!phase_guard(req, action, db_text(res, 0, "phase")))
		goto out;
	if (!organizer && !db_bool(res, 0, "review_final")) {
		http_error(req, 409, "review_not_final", "the discussion "
		    "opens to you once your own review is final", NULL);
		goto out;
	}
	rc = 1;
out:
	PQclear(res);
	return rc;
}

/*
 * GET /api/candidates/{id}/comments (organizer; member assigned, not
 * conflicted, own review final): {"comments": [{"id", "user_id",
 * "author_name", "body", "created_at", "updated_at", "edited",
 * "editable_until", "editable"}]}, oldest first, never a conflicted
 * member's.  200; 401; 404 (unknown, not assigned, conflicted); 409
 * wrong_phase, review_not_final; 503.
 */
void
comment_list(struct req *req)
{
	char	 cand[24], user[24];

	if (comment_access(req, req->ids[0], 0) != 1)
		return;
	http_json_rows(req, "comments", DB_EXEC(req->db,
	    SQL_COMMENTS_OF_CANDIDATE, db_i64(cand, (long long)req->ids[0]),
	    db_i64(user, (long long)req->user.id)));
}

/*
 * POST /api/candidates/{id}/comments {"body"} (1 to 5,000 characters;
 * who may: as for reading, in phases scoring to decided): adds a comment
 * to the thread, audited (comment.create).  201 {"id", "candidate_id",
 * "user_id", "author_name", "body", "created_at", "editable_until"};
 * 400; 401; 403 csrf; 404; 409 wrong_phase, review_not_final; 415; 422;
 * 503.
 */
void
comment_create(struct req *req)
{
	PGresult	*res = NULL;
	json_t		*body, *detail = NULL;
	const char	*text;
	char		 cand[24], user[24];

	if ((body = valid_body(req, comment_fields)) == NULL)
		return;
	text = json_string_value(json_object_get(body, "body"));
	if (db_begin(req->db) == -1)
		goto out;
	if (comment_access(req, req->ids[0], 1) != 1)
		goto out;
	detail = json_pack("{s:I}", "candidate_id", (json_int_t)req->ids[0]);
	if ((res = DB_EXEC(req->db, SQL_COMMENT_INSERT,
	    db_i64(cand, (long long)req->ids[0]),
	    db_i64(user, (long long)req->user.id), text)) == NULL ||
	    audit_write(req, "comment.create", "comment",
	    db_int(res, 0, "id"), detail) == -1 ||
	    db_commit(req->db) == -1)
		goto out;
	http_json(req, 201, db_json_row(res, 0));
out:
	PQclear(res);
	json_decref(detail);
	json_decref(body);
}

/*
 * Finds comment id for its author's edit, inside the open transaction,
 * and checks everything an edit needs: the comment exists (else 404),
 * the caller wrote it (else 403 not_author), may still reach its thread
 * (comment_access(): 404, 409), and the 15 minutes are still running
 * (else 409 edit_window_closed).  Returns 1 when the edit may go ahead,
 * 0 after answering, -1 after answering 503; the caller rolls back after
 * 0 and -1.
 */
static int
comment_editable(struct req *req, const char *id)
{
	PGresult	*res;
	int		 rc = 0, access;

	if ((res = DB_EXEC(req->db, SQL_COMMENT_FIND, id)) == NULL) {
		http_db_error(req);
		return -1;
	}
	if (PQntuples(res) == 0)
		http_error(req, 404, "not_found", "no such comment", NULL);
	else if (db_int(res, 0, "user_id") != req->user.id)
		http_error(req, 403, "not_author", "only its author can change "
		    "a comment", NULL);
	else if ((access = comment_access(req, db_int(res, 0, "candidate_id"),
	    1)) != 1)
		rc = access;
	else if (!db_bool(res, 0, "editable"))
		http_error(req, 409, "edit_window_closed", "a comment can be "
		    "changed for 15 minutes after it was written", NULL);
	else
		rc = 1;
	PQclear(res);
	return rc;
}

/*
 * PATCH /api/comments/{id} {"body"} (its author, within 15 minutes of
 * writing it): replaces the text, audited (comment.edit).  200 {"id",
 * "candidate_id", "body", "created_at", "updated_at", "editable_until"};
 * 400; 401; 403 csrf, not_author; 404; 409 wrong_phase,
 * review_not_final, edit_window_closed; 415; 422; 503.
 */
void
comment_patch(struct req *req)
{
	PGresult	*res = NULL;
	json_t		*body;
	char		 id[24];

	if ((body = valid_body(req, comment_fields)) == NULL)
		return;
	db_i64(id, (long long)req->ids[0]);
	if (db_begin(req->db) == -1)
		goto out;
	if (comment_editable(req, id) != 1)
		goto out;
	if ((res = DB_EXEC(req->db, SQL_COMMENT_UPDATE, id,
	    json_string_value(json_object_get(body, "body")))) == NULL ||
	    audit_write(req, "comment.edit", "comment", req->ids[0],
	    NULL) == -1 || db_commit(req->db) == -1)
		goto out;
	http_json(req, 200, db_json_row(res, 0));
out:
	PQclear(res);
	json_decref(body);
}

/*
 * DELETE /api/comments/{id} (its author, within 15 minutes of writing
 * it): removes it from the thread, audited (comment.delete).  204; 401;
 * 403 csrf, not_author; 404; 409 wrong_phase, review_not_final,
 * edit_window_closed; 503.
 */
void
comment_delete(struct req *req)
{
	char	 id[24];

	db_i64(id, (long long)req->ids[0]);
	if (db_begin(req->db) == -1)
		return;
	if (comment_editable(req, id) != 1)
		return;
	if (db_command(req->db, SQL_COMMENT_DELETE, 1, DB_ARGS(id)) == -1 ||
	    audit_write(req, "comment.delete", "comment", req->ids[0],
	    NULL) == -1 || db_commit(req->db) == -1)
		return;
	http_raw(req, 204, NULL, NULL, 0);
}
