/*
 * correct.c: "Wrong address?".  The tab that submitted a
 * nomination holds the correction secret of its 202 (nomination.c) and,
 * while the nomination is unconfirmed and within the hour, may give the
 * nominator's address again: the old confirmation link stops working,
 * the old address gets nothing more and nothing of it stays, and the
 * corrected address gets the confirmation mail, within the caps on
 * unconfirmed nominations and on confirmation mails per address (SPEC
 * §7).  The route is public and
 * never reads the session (SPEC §4): the secret is the whole authority.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "awards.h"
#include "db.h"


static const struct valid_field correct_fields[] = {
	{ .name = "token", .type = VALID_TEXT,
	    .required = 1, .min = 1, .max = 128 },
	{ .name = "email", .type = VALID_EMAIL, .min = 3, .max = 254 },
	{ .name = "preview", .type = VALID_BOOL },
	{ .name = NULL }
};

/* 404 invalid_token: a secret never issued, malformed, or used. */
static void
correct_bad_token(struct req *req)
{
	http_error(req, 404, "invalid_token", "this correction is not valid "
	    "or was used already", NULL);
}

/*
 * Whether row 0 of SQL_CORRECTION_FIND (res) may still correct: pending,
 * within its hour and the nomination's 72, under three corrections.
 */
static int
correct_live(const PGresult *res)
{
	return PQntuples(res) == 1 &&
	    strcmp(db_text(res, 0, "status"), "pending") == 0 &&
	    db_bool(res, 0, "live") && db_bool(res, 0, "unexpired") &&
	    db_bool(res, 0, "left");
}

/*
 * Answers what the secret of hash says when it cannot correct (or, for a
 * preview, whether it can): 404 invalid_token when no nomination holds it
 * (never issued, or used: each correction replaces it); 409 not_pending
 * once the nomination was confirmed or withdrawn (with "status"); 410
 * expired past its hour or the nomination's 72; 409 too_many_corrections
 * after three; for a preview within its hour, 200
 * {"id","status","correctable","correction_expires_at"}, and past it 410
 * expired too: the secret is the tab's for that hour, not a way to follow
 * the nomination for as long as it lives.
 */
static void
correct_state(struct req *req, const char *hash, int preview)
{
	PGresult	*res;
	const char	*status;
	int		 pending, live;

	if ((res = DB_EXEC(req->db, SQL_CORRECTION_FIND, hash)) == NULL)
		return;
	if (PQntuples(res) == 0) {
		correct_bad_token(req);
		goto out;
	}
	status = db_text(res, 0, "status");
	pending = strcmp(status, "pending") == 0;
	live = correct_live(res);
	if (preview && (!db_bool(res, 0, "live") ||
	    !db_bool(res, 0, "unexpired")))
		http_error(req, 410, "expired", "the time to correct the "
		    "address has passed", NULL);
	else if (preview)
		http_json(req, 200, json_pack("{s:I, s:s, s:b, s:s}", "id",
		    (json_int_t)db_int(res, 0, "nomination_id"), "status",
		    status, "correctable", live, "correction_expires_at",
		    db_text(res, 0, "correction_expires_at")));
	else if (!pending)
		http_error(req, 409, "not_pending", "this nomination is no "
		    "longer waiting for confirmation: there is nothing to "
		    "correct", json_pack("{s:s}", "status", status));
	else if (!db_bool(res, 0, "left"))
		http_error(req, 409, "too_many_corrections", "this address "
		    "was corrected three times already: send the nomination "
		    "again", NULL);
	else
		http_error(req, 410, "expired", "the time to correct the "
		    "address has passed: send the nomination again", NULL);
out:
	PQclear(res);
}

/*
 * POST /api/nominations/correct {"token","email"}: the nominator address
 * of the unconfirmed nomination of the correction secret token becomes
 * email, and the confirmation mail goes there (the old link and the old
 * address's mails are dropped).  {"token","preview":true} changes nothing
 * and says where the nomination stands (correct_state()), so the tab
 * keeps its draft until the nomination is confirmed.
 * 200 {"id","status":"pending","correction_token" (the new secret),
 * "correctable" (false after the third correction: the secret then only
 * previews),"correction_expires_at"}; 200 for a preview; 400 malformed;
 * 404 invalid_token; 409 not_pending or too_many_corrections; 410
 * expired; 415; 422 invalid (email missing or not an address); 429
 * too_many_pending (5 unconfirmed nominations for the corrected address,
 * or 5 confirmation mails to it in 72 hours, with Retry-After); 503.
 */
void
nomination_correct(struct req *req)
{
	json_t		*body, *values = NULL;
	PGresult	*found = NULL, *count = NULL, *done = NULL;
	char		 hash[TOKEN_HASH_SIZE], fix[TOKEN_SIZE];
	char		 fixhash[TOKEN_HASH_SIZE], token[TOKEN_SIZE];
	char		 link[TOKEN_HASH_SIZE], id[24];
	char		*old = NULL;
	const char	*given, *email;

	if ((body = valid_body(req, correct_fields)) == NULL)
		return;
	given = json_string_value(json_object_get(body, "token"));
	email = json_string_value(json_object_get(body, "email"));
	if (!token_shape(given)) {
		correct_bad_token(req);
		goto out;
	}
	token_hash(given, hash);
	if (json_is_true(json_object_get(body, "preview"))) {
		correct_state(req, hash, 1);
		goto out;
	}
	if (email == NULL) {
		http_error(req, 422, "invalid", "the corrected address is "
		    "missing", json_pack("{s:s}", "email", "is required"));
		goto out;
	}
	if (db_begin(req->db) == -1 ||
	    (found = DB_EXEC(req->db, SQL_CORRECTION_FIND, hash)) == NULL)
		goto out;
	if (!correct_live(found)) {
		db_rollback(req->db);
		correct_state(req, hash, 0);
		goto out;
	}
	snprintf(id, sizeof(id), "%s", db_text(found, 0, "nomination_id"));
	if ((old = strdup(db_text(found, 0, "old_email"))) == NULL)
		goto out;
	/* The caps of the corrected address, as a submission holds them. */
	if (db_command(req->db, SQL_NOMINATOR_LOCK, 1, DB_ARGS(email)) == -1 ||
	    (count = DB_EXEC(req->db, SQL_CORRECTION_PENDING, email,
	    id)) == NULL)
		goto out;
	if (db_int(count, 0, "pending") >= NOMINATION_PENDING_MAX) {
		db_rollback(req->db);
		nomination_too_many_pending(req,
		    db_int(count, 0, "retry_after"));
		goto out;
	}
	if (db_int(count, 0, "mails") >= NOMINATION_CONFIRM_MAILS_MAX) {
		db_rollback(req->db);
		nomination_too_many_pending(req,
		    db_int(count, 0, "mail_retry_after"));
		goto out;
	}
	token_new(fix, fixhash);
	if (db_command(req->db, SQL_CORRECTION_DROP_LINKS, 1,
	    DB_ARGS(id)) == -1 ||
	    (done = DB_EXEC(req->db, SQL_CORRECTION_APPLY, id, hash, email,
	    fixhash)) == NULL)
		goto out;
	if (PQntuples(done) == 0) {
		/* Confirmed, or corrected by another request, meanwhile. */
		db_rollback(req->db);
		correct_state(req, hash, 0);
		goto out;
	}
	token_new(token, link);
	values = json_pack("{s:s}", "cycle_name",
	    db_text(found, 0, "cycle_name"));
	/* The old mail's row goes first, so its dedupe key is free. */
	if (token_link_value(values, "confirm_url", "confirm", token) == -1 ||
	    db_command(req->db, SQL_CORRECTION_DROP_MAIL, 2,
	    DB_ARGS(id, old)) == -1 ||
	    db_command(req->db, SQL_TOKEN_INSERT_CONFIRM, 2,
	    DB_ARGS(link, id)) == -1 ||
	    outbox_queue(req->db, db_int(found, 0, "cycle_id"),
	    EVENT_NOMINATION_CREATED, db_text(found, 0, "lang"), email, "",
	    values, id, 0) == -1 ||
	    db_command(req->db, SQL_CONFIRM_MAIL_COUNT, 1,
	    DB_ARGS(email)) == -1 ||
	    db_commit(req->db) == -1)
		goto out;
	http_json(req, 200, json_pack("{s:I, s:s, s:s, s:b, s:s}", "id",
	    (json_int_t)strtoll(id, NULL, 10), "status", "pending",
	    "correction_token", fix, "correctable",
	    db_bool(done, 0, "again"), "correction_expires_at",
	    db_text(done, 0, "correction_expires_at")));
out:
	free(old);
	sodium_memzero(fix, sizeof(fix));
	sodium_memzero(token, sizeof(token));
	json_decref(values);
	PQclear(done);
	PQclear(count);
	PQclear(found);
	json_decref(body);
}
