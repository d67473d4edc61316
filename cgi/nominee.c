/*
 * nominee.c: the nominee's voice (SPEC §3; docs/letters.md).
 * The nominee's mail (candidate_nominated) and the awardee's
 * congratulation carry a link to /nominee, one per candidate, kept only
 * hashed; there the nominee reads what the nomination is (cycle,
 * category, never by whom) and may decline to be considered (before the
 * decisions) or ask to be recognised privately (in every phase).  The
 * link lives until 30 days after the announcement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "awards.h"
#include "db.h"

static const struct valid_field nominee_fields[] = {
	{ .name = "token", .type = VALID_TEXT,
	    .required = 1, .min = 1, .max = 128 },
	{ .name = "decline", .type = VALID_BOOL },
	{ .name = "private", .type = VALID_BOOL },
	{ .name = NULL }
};

/*
 * See awards.h: gives the candidate (id as text) its nominee link unless
 * it has one, inside the caller's transaction.  Returns 1 with the new
 * link in *url (the caller frees), 0 when it had one (*url NULL), -1 on
 * a failure.
 */
int
nominee_link(struct db *db, const char *candidate_id, char **url)
{
	PGresult	*res;
	char		 token[TOKEN_SIZE], hash[TOKEN_HASH_SIZE];
	int		 rc = -1;

	*url = NULL;
	token_new(token, hash);
	if ((res = DB_EXEC(db, SQL_NOMINEE_TOKEN_SET, candidate_id,
	    hash)) == NULL)
		goto out;
	if (PQntuples(res) == 0) {
		rc = 0;
		goto out;
	}
	if ((*url = token_url("nominee", token)) != NULL)
		rc = 1;
out:
	sodium_memzero(token, sizeof(token));
	PQclear(res);
	return rc;
}

/* What the nominee of row 0 of res (SQL_NOMINEE_FIND) sees. */
static json_t *
nominee_json(const PGresult *res)
{
	const char	*phase = db_text(res, 0, "phase");

	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:o}",
	    "nominee_name", db_text(res, 0, "nominee_name"),
	    "cycle_name", db_text(res, 0, "cycle_name"),
	    "category_name", db_text(res, 0, "category_name"),
	    "phase", phase,
	    "declined", strcmp(db_text(res, 0, "status"), "declined") == 0,
	    "private", db_bool(res, 0, "private"),
	    "can_decline", phase_allows(ACTION_NOMINEE_DECLINE, phase),
	    "link_expires_at", db_json_text(res, 0, "link_expires_at"));
}

/*
 * POST /api/nominee (token holder: a nominee).  {"token"}: 200 the
 * nominee's choices {"nominee_name","cycle_name","category_name","phase",
 * "declined","private","can_decline","link_expires_at"}; never who
 * nominated them.  {"token","decline":true} declines (every nomination of
 * them in the category becomes declined, the candidate leaves screening,
 * assignments and rankings), false takes it back, in every phase before
 * decided; {"token","private":bool} in every phase.  200 the choices
 * after the change; 404 invalid_token (wrong or expired link, the same
 * answer whatever the reason); 409 wrong_phase; 400; 413; 415; 422
 * (both changes at once); 503.
 */
void
nominee_post(struct req *req)
{
	json_t		*body, *decline, *priv;
	PGresult	*res = NULL;
	const char	*given;
	char		 hash[TOKEN_HASH_SIZE], cand[24];

	if ((body = valid_body(req, nominee_fields)) == NULL)
		return;
	given = json_string_value(json_object_get(body, "token"));
	decline = json_object_get(body, "decline");
	priv = json_object_get(body, "private");
	if (json_is_boolean(decline) && json_is_boolean(priv)) {
		http_error(req, 422, "invalid", "one choice at a time",
		    json_pack("{s:s}", "private",
		    "cannot be sent with decline"));
		goto out;
	}
	if (!token_shape(given)) {
		http_error(req, 404, "invalid_token",
		    "this link is not valid or has expired", NULL);
		goto out;
	}
	token_hash(given, hash);
	if (db_begin(req->db) == -1 ||
	    (res = DB_EXEC(req->db, SQL_NOMINEE_FIND, hash)) == NULL)
		goto out;
	if (PQntuples(res) == 0) {
		http_error(req, 404, "invalid_token",
		    "this link is not valid or has expired", NULL);
		goto out;
	}
	snprintf(cand, sizeof(cand), "%s", db_text(res, 0, "candidate_id"));
	if (json_is_boolean(decline)) {
		if (!phase_guard(req, ACTION_NOMINEE_DECLINE,
		    db_text(res, 0, "phase")))
			goto out;
		if (db_command(req->db, json_is_true(decline) ?
		    SQL_NOMINEE_DECLINE : SQL_NOMINEE_UNDECLINE, 1,
		    DB_ARGS(cand)) == -1)
			goto out;
	} else if (json_is_boolean(priv)) {
		if (!phase_guard(req, ACTION_NOMINEE_PRIVATE,
		    db_text(res, 0, "phase")))
			goto out;
		if (db_command(req->db, SQL_NOMINEE_PRIVATE, 2, DB_ARGS(cand,
		    json_is_true(priv) ? "t" : "f")) == -1)
			goto out;
	}
	if (json_is_boolean(decline) || json_is_boolean(priv)) {
		PQclear(res);
		if ((res = DB_EXEC(req->db, SQL_NOMINEE_FIND, hash)) == NULL)
			goto out;
	}
	if (db_commit(req->db) == -1)
		goto out;
	http_json(req, 200, nominee_json(res));
out:
	PQclear(res);
	json_decref(body);
}
