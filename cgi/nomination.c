/*
 * nomination.c: public nominations (SPEC §3, §4): submit, confirm by the
 * emailed link, then read, edit or withdraw through the manage link.
 * Nominations of one nominee (email trimmed, lower-cased) in one category
 * join one candidate.  Unconfirmed nominations die with their link (72 h):
 * nomination_expire() erases them, run by awards mailer's housekeeping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "awards.h"
#include "db.h"

#define STATEMENT_MIN	50
#define STATEMENT_MAX	20000

static const struct valid_field nominee_fields[] = {
	{ .name = "name", .type = VALID_TEXT,
	    .required = 1, .min = 1, .max = 200 },
	{ .name = "email", .type = VALID_EMAIL,
	    .required = 1, .min = 3, .max = 254 },
	{ .name = "affiliation", .type = VALID_TEXT, .max = 200 },
	{ .name = "role", .type = VALID_TEXT, .max = 200 },
	{ .name = NULL }
};

static const struct valid_field nominator_fields[] = {
	{ .name = "name", .type = VALID_TEXT,
	    .required = 1, .min = 1, .max = 200 },
	{ .name = "email", .type = VALID_EMAIL,
	    .required = 1, .min = 3, .max = 254 },
	{ .name = "affiliation", .type = VALID_TEXT, .max = 200 },
	{ .name = "relationship", .type = VALID_TEXT, .max = 200 },
	{ .name = NULL }
};

const struct valid_field nomination_submit_fields[] = {
	{ .name = "cycle_id", .type = VALID_ID, .required = 1 },
	{ .name = "category_id", .type = VALID_ID, .required = 1 },
	{ .name = "nominee", .type = VALID_OBJECT,
	    .required = 1, .sub = nominee_fields },
	{ .name = "nominator", .type = VALID_OBJECT,
	    .required = 1, .sub = nominator_fields },
	{ .name = "statement", .type = VALID_LONGTEXT,
	    .required = 1, .min = STATEMENT_MIN, .max = STATEMENT_MAX },
	{ .name = "consent_contact_nominee", .type = VALID_BOOL,
	    .required = 1 },
	/* The nominator's language: every mail of the nomination's (§9). */
	{ .name = "lang", .type = VALID_ENUM, .choices = languages },
	{ .name = "referees", .type = VALID_ARRAY,
	    .max = LETTER_REFEREES_MAX, .sub = letter_referee_fields },
	{ .name = NULL }
};

/* What a nominator may correct about the nominee: not the address. */
static const struct valid_field manage_nominee_fields[] = {
	{ .name = "name", .type = VALID_TEXT,
	    .required = 1, .min = 1, .max = 200 },
	{ .name = "affiliation", .type = VALID_TEXT, .max = 200 },
	{ .name = "role", .type = VALID_TEXT, .max = 200 },
	{ .name = NULL }
};

static const struct valid_field manage_fields[] = {
	{ .name = "token", .type = VALID_TEXT,
	    .required = 1, .min = 1, .max = 128 },
	{ .name = "statement", .type = VALID_LONGTEXT,
	    .min = STATEMENT_MIN, .max = STATEMENT_MAX },
	{ .name = "nominee", .type = VALID_OBJECT,
	    .sub = manage_nominee_fields },
	{ .name = "withdraw", .type = VALID_BOOL },
	{ .name = "referees", .type = VALID_ARRAY,
	    .max = LETTER_REFEREES_MAX, .sub = letter_referee_fields },
	{ .name = NULL }
};

static const struct valid_field confirm_fields[] = {
	{ .name = "token", .type = VALID_TEXT,
	    .required = 1, .min = 1, .max = 128 },
	{ .name = "preview", .type = VALID_BOOL },
	{ .name = NULL }
};

static const char *
str(json_t *obj, const char *a, const char *b)
{
	json_t	*v = json_object_get(obj, a);

	if (b != NULL)
		v = json_object_get(v, b);
	return json_is_string(v) ? json_string_value(v) : "";
}

/* The answer for a wrong, used or expired token: always the same. */
static void
nomination_bad_token(struct req *req)
{
	http_error(req, 404, "invalid_token",
	    "this link is not valid or has expired", NULL);
}

/*
 * The answer recorded for Idempotency-Key key, if any: 1 after answering
 * (the same 202 again, or 409 when the body differs), 0 when the key is
 * new, -1 after answering a database failure.
 */
static int
nomination_replay(struct req *req, const char *key, const char *hash)
{
	PGresult	*res;

	if ((res = DB_EXEC(req->db, SQL_NOMINATION_BY_KEY, key)) == NULL) {
		http_db_error(req);
		return -1;
	}
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	if (strcmp(db_text(res, 0, "request_hash"), hash) != 0)
		http_error(req, 409, "idempotency_key_reused", "this "
		    "Idempotency-Key was used with another request", NULL);
	else
		http_json(req, 202, json_pack("{s:I, s:s}", "id",
		    (json_int_t)db_int(res, 0, "id"), "status", "pending"));
	PQclear(res);
	return 1;
}

/*
 * See awards.h: 429 too_many_pending, with Retry-After the seconds until
 * the count that refused goes down (the oldest unconfirmed nomination of
 * the address expires, or its oldest counted confirmation mail leaves
 * the window).  One answer for both caps: to the nominator they mean the
 * same thing, confirm what was sent or wait.
 */
void
nomination_too_many_pending(struct req *req, long long retry_after)
{
	char	 header[64];

	snprintf(header, sizeof(header), "Retry-After: %lld\r\n",
	    retry_after);
	http_json_headers(req, 429, header, json_pack("{s:{s:s, s:s}}",
	    "error", "code", "too_many_pending", "message", "this address "
	    "was asked to confirm nominations too often lately: confirm "
	    "them, or wait until their links expire"));
}

/*
 * POST /api/nominations: a new nomination, pending until the nominator
 * confirms it from the mail queued in the same transaction.
 * 202 {"id","status":"pending"}, with the secret of "Wrong address?"
 * (correct.c) in the headers Correction-Token and Correction-Expires (a
 * replay of the Idempotency-Key answers the same body without them, the
 * secret being stored only hashed); 400 malformed or bad Idempotency-Key;
 * 409 wrong_phase (the cycle takes no nominations), nominations_closed
 * (its close is past) or idempotency_key_reused; 413; 415;
 * 422 with fields (also an unknown cycle or a category of another
 * cycle); 429 too_many_pending (5 unconfirmed for this nominator
 * address, or 5 confirmation mails to it in 72 hours); 503.  The
 * confirmation mail carries no text the sender chose.
 */
void
nomination_submit(struct req *req)
{
	json_t		*body = NULL;
	PGresult	*res[4] = { NULL, NULL, NULL, NULL };
	const char	*key = http_param(req, "HTTP_IDEMPOTENCY_KEY");
	const char	*email, *lang;
	char		 cycle[24], category[24], cap[24], mailcap[24];
	char		 token[65], hash[67], phases[PHASE_SQL_MAX];
	char		 fix[TOKEN_SIZE], fixhash[TOKEN_HASH_SIZE];
	char		 fixheader[160];
	char		 reqhash[65], mid[320], rnd[33], *url = NULL;
	char		*refs = NULL;
	json_t		*referees, *fields;
	unsigned char	 digest[crypto_hash_sha256_BYTES];
	struct db_call	 calls[4];
	const PGresult	*r;
	int		 i, replayed;

	if ((body = valid_body(req, nomination_submit_fields)) == NULL)
		return;
	if (*key != '\0' && (strlen(key) > 200 ||
	    !valid_utf8_text(key, strlen(key), 0))) {
		http_error(req, 400, "malformed", "bad Idempotency-Key",
		    json_pack("{s:s}", "Idempotency-Key",
		    "must be 1 to 200 printable characters"));
		goto out;
	}
	crypto_hash_sha256(digest, (unsigned char *)req->body, req->bodylen);
	sodium_bin2hex(reqhash, sizeof(reqhash), digest, sizeof(digest));
	db_i64(cycle, json_integer_value(json_object_get(body, "cycle_id")));
	db_i64(category, json_integer_value(json_object_get(body,
	    "category_id")));
	email = str(body, "nominator", "email");
	referees = json_object_get(body, "referees");
	fields = json_object();
	if (letter_referees_check(referees, str(body, "nominee", "email"),
	    email, LETTER_REFEREES_MAX, fields) == -1) {
		http_error(req, 422, "invalid", "some referees are not valid",
		    fields);
		goto out;
	}
	json_decref(fields);
	if ((refs = json_is_array(referees) ? json_dumps(referees,
	    JSON_COMPACT) : strdup("[]")) == NULL) {
		http_internal(req, "out of memory");
		goto out;
	}
	token_new(token, hash);
	token_new(fix, fixhash);
	if ((url = token_url("confirm", token)) == NULL) {
		http_internal(req, "out of memory");
		goto out;
	}
	util_random_hex(rnd, 16);
	snprintf(mid, sizeof(mid), "<%s@%s>", rnd,
	    strchr(config.mail_from, '@') + 1);

	/*
	 * One round trip: BEGIN, the nominator's lock (one submission at a
	 * time per address, so that the pending count after it sees the
	 * commit of the one it waited for), the whole submission, COMMIT.
	 */
	calls[0] = (struct db_call){ SQL_BEGIN, 0, NULL };
	calls[1] = (struct db_call){ SQL_NOMINATOR_LOCK, 1, DB_ARGS(email) };
	phase_allowed_sql(ACTION_NOMINATE, phases, sizeof(phases));
	lang = str(body, "lang", NULL);
	calls[2] = (struct db_call){ SQL_NOMINATION_SUBMIT, 23, DB_ARGS(
	    cycle, category, str(body, "nominee", "name"),
	    str(body, "nominee", "email"), str(body, "nominee", "affiliation"),
	    str(body, "nominee", "role"), str(body, "nominator", "name"),
	    email, str(body, "nominator", "affiliation"),
	    str(body, "nominator", "relationship"), str(body, "statement", NULL),
	    json_is_true(json_object_get(body, "consent_contact_nominee")) ?
	    "t" : "f", *key != '\0' ? key : NULL, reqhash, hash, url, mid,
	    fixhash, db_i64(cap, NOMINATION_PENDING_MAX),
	    db_i64(mailcap, NOMINATION_CONFIRM_MAILS_MAX), phases, refs,
	    *lang != '\0' ? lang : LANG_DEFAULT) };
	calls[3] = (struct db_call){ SQL_COMMIT, 0, NULL };
	if (db_pipeline(req->db, 4, calls, res) == -1) {
		/* Another request with this key won the race: answer as it. */
		if (*key != '\0' && db_status(req->db) == 409) {
			replayed = nomination_replay(req, key, reqhash);
			if (replayed == 0)
				http_internal(req, "idempotency race");
			goto out;
		}
		http_db_error(req);
		goto out;
	}
	r = res[2];
	if (!db_isnull(r, 0, "prior_id")) {
		if (strcmp(db_text(r, 0, "prior_hash"), reqhash) != 0)
			http_error(req, 409, "idempotency_key_reused", "this "
			    "Idempotency-Key was used with another request",
			    NULL);
		else
			http_json(req, 202, json_pack("{s:I, s:s}", "id",
			    (json_int_t)db_int(r, 0, "prior_id"), "status",
			    "pending"));
	} else if (!db_bool(r, 0, "cycle_found"))
		http_error(req, 422, "invalid", "no such cycle",
		    json_pack("{s:s}", "cycle_id", "no such cycle"));
	else if (!db_bool(r, 0, "category_found"))
		http_error(req, 422, "invalid", "no such category in this "
		    "cycle", json_pack("{s:s}", "category_id",
		    "is not a category of this cycle"));
	else if (!phase_allows(ACTION_NOMINATE, db_text(r, 0, "phase")))
		phase_guard(req, ACTION_NOMINATE, db_text(r, 0, "phase"));
	else if (!db_bool(r, 0, "open"))
		http_error(req, 409, "nominations_closed",
		    "nominations are closed for this cycle", NULL);
	else if (json_is_array(referees) && (long long)json_array_size(
	    referees) > db_int(r, 0, "letters_max")) {
		fields = json_object();
		letter_referees_check(referees, "", "",
		    db_int(r, 0, "letters_max"), fields);
		http_error(req, 422, "invalid", "too many referees", fields);
	} else if (db_int(r, 0, "pending") >= NOMINATION_PENDING_MAX)
		nomination_too_many_pending(req, db_int(r, 0, "retry_after"));
	else if (db_int(r, 0, "mails") >= NOMINATION_CONFIRM_MAILS_MAX)
		nomination_too_many_pending(req,
		    db_int(r, 0, "mail_retry_after"));
	else if (db_int(r, 0, "referee_mails") >= NOMINATION_CONFIRM_MAILS_MAX)
		nomination_too_many_pending(req,
		    db_int(r, 0, "referee_retry_after"));
	else if (db_isnull(r, 0, "id") || db_int(r, 0, "mailed") != 1)
		/* No template for the confirmation (a broken install). */
		http_internal(req, "nomination not stored");
	else {
		/*
		 * The correction secret goes to this tab only, once, in
		 * headers: the body is the answer of SPEC §4, the same for
		 * a replay of the Idempotency-Key (which cannot carry the
		 * secret: it is stored only hashed).
		 */
		snprintf(fixheader, sizeof(fixheader), "Correction-Token: %s\r\n"
		    "Correction-Expires: %s\r\n", fix,
		    db_text(r, 0, "correction_expires_at"));
		http_json_headers(req, 202, fixheader, json_pack("{s:I, s:s}",
		    "id", (json_int_t)db_int(r, 0, "id"), "status",
		    "pending"));
		sodium_memzero(fixheader, sizeof(fixheader));
	}
out:
	for (i = 0; i < 4; i++)
		PQclear(res[i]);
	token_url_free(url);
	free(refs);
	sodium_memzero(token, sizeof(token));
	sodium_memzero(fix, sizeof(fix));
	json_decref(body);
}

/*
 * Opens a transaction and finds the nomination of the body's manage token.
 * Returns 0 with the nomination id in id and the transaction open; or -1
 * after answering: the same 404 for any wrong or expired token, or the
 * database failure.
 */
static int
nomination_by_token(struct req *req, json_t *body, char id[24])
{
	PGresult	*res;
	char		 hash[67];
	const char	*given = str(body, "token", NULL);

	if (!token_shape(given)) {
		nomination_bad_token(req);
		return -1;
	}
	token_hash(given, hash);
	if (db_begin(req->db) == -1 ||
	    (res = DB_EXEC(req->db, SQL_TOKEN_FIND_MANAGE, hash)) == NULL) {
		db_rollback(req->db);
		http_db_error(req);
		return -1;
	}
	if (PQntuples(res) == 0) {
		PQclear(res);
		db_rollback(req->db);
		nomination_bad_token(req);
		return -1;
	}
	snprintf(id, 24, "%s", db_text(res, 0, "nomination_id"));
	PQclear(res);
	return 0;
}

/*
 * Answers what the confirmation token of hash says to its holder, spending
 * nothing (SQL_TOKEN_CONFIRM_STATE): 404 invalid_token when no token has
 * this hash; 200 {"id","status","already":true,...} when its nomination
 * was confirmed already (by this link or a fresh one); 410 expired when
 * it is still pending but this link was used or is past its 72 hours;
 * 409 nominations_closed once scoring began; else, for a preview, 200
 * {"id","status":"pending","already":false,"cycle_name","category_name",
 * "nominee_name","nominator_email","duplicate_at"} (duplicate_at: when
 * this address confirmed another nomination of the same person in the
 * same category, or null), and for a spend that lost a race, 404.
 */
static void
nomination_confirm_state(struct req *req, const char *hash, int preview)
{
	PGresult	*res;
	const char	*status;

	if ((res = DB_EXEC(req->db, SQL_TOKEN_CONFIRM_STATE, hash)) == NULL)
		return;
	if (PQntuples(res) == 0) {
		nomination_bad_token(req);
		goto out;
	}
	status = db_text(res, 0, "status");
	if (strcmp(status, "pending") != 0)
		http_json(req, 200, json_pack("{s:I, s:s, s:b, s:s, s:s, "
		    "s:s}", "id", (json_int_t)db_int(res, 0, "nomination_id"),
		    "status", status, "already", 1,
		    "cycle_name", db_text(res, 0, "cycle_name"),
		    "category_name", db_text(res, 0, "category_name"),
		    "nominee_name", db_text(res, 0, "nominee_name")));
	else if (db_bool(res, 0, "spent"))
		http_error(req, 410, "expired", "this link has expired: "
		    "ask for fresh links", NULL);
	else if (!phase_allows(ACTION_CONFIRM, db_text(res, 0, "phase")))
		phase_guard(req, ACTION_CONFIRM, db_text(res, 0, "phase"));
	else if (!preview)
		nomination_bad_token(req);
	else
		http_json(req, 200, json_pack("{s:I, s:s, s:b, s:s, s:s, "
		    "s:s, s:s, s:o}",
		    "id", (json_int_t)db_int(res, 0, "nomination_id"),
		    "status", status, "already", 0,
		    "cycle_name", db_text(res, 0, "cycle_name"),
		    "category_name", db_text(res, 0, "category_name"),
		    "nominee_name", db_text(res, 0, "nominee_name"),
		    "nominator_email", db_text(res, 0, "nominator_email"),
		    "duplicate_at", db_json_text(res, 0, "duplicate_at")));
out:
	PQclear(res);
}

/*
 * POST /api/nominations/confirm {"token"}: the nominator confirms; the
 * nomination becomes submitted and the receipt with the manage link is
 * queued.  With "preview": true it spends nothing and says what the link
 * is for (nomination_confirm_state()).  200 {"id","status":"submitted"},
 * with "already": true when it was confirmed before; 404 invalid_token
 * (a token that never existed); 410 expired (a link that was valid once,
 * its nomination still pending); 409 wrong_phase once scoring began;
 * 400; 415; 422; 503.
 */
void
nomination_confirm(struct req *req)
{
	json_t		*body, *values = NULL;
	PGresult	*res = NULL;
	char		 hash[67], token[65], id[24];
	const char	*given;

	if ((body = valid_body(req, confirm_fields)) == NULL)
		return;
	given = str(body, "token", NULL);
	if (!token_shape(given)) {
		nomination_bad_token(req);
		goto out;
	}
	token_hash(given, hash);
	if (json_is_true(json_object_get(body, "preview"))) {
		nomination_confirm_state(req, hash, 1);
		goto out;
	}
	if (db_begin(req->db) == -1 || (res = DB_EXEC(req->db,
	    SQL_TOKEN_SPEND_CONFIRM, hash)) == NULL)
		goto out;
	if (PQntuples(res) == 0 ||
	    !phase_allows(ACTION_CONFIRM, db_text(res, 0, "phase"))) {
		/* Used, expired, too late or unknown: say which. */
		db_rollback(req->db);
		nomination_confirm_state(req, hash, 0);
		goto out;
	}
	snprintf(id, sizeof(id), "%s", db_text(res, 0, "nomination_id"));
	PQclear(res);
	res = NULL;
	if (db_command(req->db, SQL_CANDIDATE_LOCK, 1, DB_ARGS(id)) == -1 ||
	    (res = DB_EXEC(req->db, SQL_NOMINATION_CONFIRM, id)) == NULL)
		goto out;
	if (PQntuples(res) == 0) {
		/* Confirmed meanwhile through another of its links. */
		db_rollback(req->db);
		nomination_confirm_state(req, hash, 0);
		goto out;
	}
	values = json_pack("{s:s, s:s, s:s, s:s}",
	    "nominator_name", db_text(res, 0, "nominator_name"),
	    "nominee_name", db_text(res, 0, "nominee_name"),
	    "cycle_name", db_text(res, 0, "cycle_name"),
	    "category_name", db_text(res, 0, "category_name"));
	token_new(token, hash);
	if (token_link_value(values, "manage_url", "manage", token) == -1 ||
	    db_command(req->db, SQL_TOKEN_INSERT_MANAGE, 2,
	    DB_ARGS(hash, id)) == -1 ||
	    outbox_queue(req->db, db_int(res, 0, "cycle_id"),
	    EVENT_NOMINATION_CONFIRMED, db_text(res, 0, "lang"),
	    db_text(res, 0, "nominator_email"),
	    db_text(res, 0, "nominator_name"), values, id, 0) == -1 ||
	    db_command(req->db, SQL_NOMINATION_DECLINED_JOIN, 1,
	    DB_ARGS(id)) == -1 || letter_request(req->db, id) == -1 ||
	    db_commit(req->db) == -1)
		goto out;
	http_json(req, 200, json_pack("{s:I, s:s, s:b}", "id",
	    (json_int_t)strtoll(id, NULL, 10), "status", "submitted",
	    "already", 0));
out:
	PQclear(res);
	json_decref(values);
	json_decref(body);
}

/*
 * Whether the nominator may still change the nomination of row 0 of res
 * (SQL_NOMINATION_VIEW): the phase allows it and the close is ahead.
 */
static int
nomination_editable(const PGresult *res)
{
	return phase_allows(ACTION_NOMINATOR_EDIT, db_text(res, 0, "phase")) &&
	    db_bool(res, 0, "before_close");
}

/* The nomination of row 0 of res (SQL_NOMINATION_VIEW) as JSON. */
static json_t *
nomination_json(PGresult *res)
{
	return json_pack("{s:I, s:s, s:I, s:s, s:I, s:s, "
	    "s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s}, "
	    "s:s, s:b, s:s, s:b, s:b}",
	    "id", (json_int_t)db_int(res, 0, "id"),
	    "status", db_text(res, 0, "status"),
	    "cycle_id", (json_int_t)db_int(res, 0, "cycle_id"),
	    "cycle_name", db_text(res, 0, "cycle_name"),
	    "category_id", (json_int_t)db_int(res, 0, "category_id"),
	    "category_name", db_text(res, 0, "category_name"),
	    "nominee",
	    "name", db_text(res, 0, "nominee_name"),
	    "email", db_text(res, 0, "nominee_email"),
	    "affiliation", db_text(res, 0, "nominee_affiliation"),
	    "role", db_text(res, 0, "nominee_role"),
	    "nominator",
	    "name", db_text(res, 0, "nominator_name"),
	    "email", db_text(res, 0, "nominator_email"),
	    "affiliation", db_text(res, 0, "nominator_affiliation"),
	    "relationship", db_text(res, 0, "nominator_relationship"),
	    "statement", db_text(res, 0, "statement"),
	    "consent_contact_nominee",
	    db_bool(res, 0, "consent_contact_nominee"),
	    "created_at", db_text(res, 0, "created_at"),
	    "editable", nomination_editable(res),
	    "screened", db_bool(res, 0, "screened"));
}

/*
 * Replaces the referees of nomination id (row 0 of res, SQL_NOMINATION_
 * VIEW) with referees, inside the open transaction, and asks the new
 * ones for their letters: none is the nominee or the nominator, at most
 * the cycle's letters_max, and no new address over its cap of
 * confirmation-type mails.  Returns 0, or -1 after rolling back and
 * answering 422, 429 or the database failure.
 */
static int
nomination_referees(struct req *req, const PGresult *res, const char *id,
    json_t *referees)
{
	PGresult	*caps = NULL;
	json_t		*fields = json_object(), *known = NULL, *fresh, *r, *k;
	char		*text = NULL, cap[24];
	size_t		 i, j;
	int		 rc = -1, seen;

	if (letter_referees_check(referees, db_text(res, 0, "nominee_email"),
	    db_text(res, 0, "nominator_email"),
	    db_int(res, 0, "letters_max"), fields) == -1) {
		db_rollback(req->db);
		http_error(req, 422, "invalid", "some referees are not valid",
		    fields);
		return -1;
	}
	json_decref(fields);
	/* Only addresses not named before are mailed, so only they count. */
	if ((known = letter_referees_json(req->db, id)) == NULL)
		goto fail;
	fresh = json_array();
	json_array_foreach(referees, i, r) {
		seen = 0;
		json_array_foreach(known, j, k)
			if (strcasecmp(json_string_value(json_object_get(k,
			    "email")), json_string_value(json_object_get(r,
			    "email"))) == 0)
				seen = 1;
		if (!seen)
			json_array_append(fresh, r);
	}
	text = json_dumps(fresh, JSON_COMPACT);
	json_decref(fresh);
	if (text == NULL || (caps = DB_EXEC(req->db, SQL_REFEREE_CAPS, text,
	    db_i64(cap, NOMINATION_CONFIRM_MAILS_MAX))) == NULL)
		goto fail;
	if (db_int(caps, 0, "mails") >= NOMINATION_CONFIRM_MAILS_MAX) {
		db_rollback(req->db);
		nomination_too_many_pending(req, db_int(caps, 0,
		    "retry_after"));
		goto out;
	}
	free(text);
	if ((text = json_dumps(referees, JSON_COMPACT)) == NULL ||
	    db_command(req->db, SQL_REFEREES_REPLACE, 2,
	    DB_ARGS(id, text)) == -1 || letter_request(req->db, id) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(req->db);
	http_db_error(req);
out:
	PQclear(caps);
	json_decref(known);
	free(text);
	return rc;
}

/*
 * POST /api/nominations/manage: with {"token"} reads the nomination; with
 * "statement" edits it; with "nominee": {"name","affiliation","role"}
 * corrects those (the address stays) while it was never screened (an
 * edited statement sends it back to submitted, the nominee stays); with
 * "withdraw": true withdraws it (and its candidate when no other live
 * nomination is left).  Edits and withdrawal only before the close.
 * 200 the nomination ("screened": whether the nominee is locked); 404
 * wrong or expired token; 409 nominations_closed, withdrawn, or screened
 * (a nominee correction once the organizers screened it); 400; 415; 422;
 * 503.
 */
void
nomination_manage(struct req *req)
{
	json_t		*body, *statement, *withdraw, *nominee, *referees;
	json_t		*out = NULL, *list;
	PGresult	*res = NULL, *done = NULL;
	char		 id[24];
	int		 editing;
	enum action	 action;

	if ((body = valid_body(req, manage_fields)) == NULL)
		return;
	statement = json_object_get(body, "statement");
	withdraw = json_object_get(body, "withdraw");
	nominee = json_object_get(body, "nominee");
	referees = json_object_get(body, "referees");
	if ((json_is_string(statement) || json_is_object(nominee) ||
	    json_is_array(referees)) && json_is_true(withdraw)) {
		http_error(req, 422, "invalid", "edit or withdraw, not both",
		    json_pack("{s:s}", "withdraw",
		    "cannot be sent with a statement or a nominee"));
		goto out;
	}
	editing = json_is_string(statement) || json_is_true(withdraw) ||
	    json_is_object(nominee) || json_is_array(referees);
	/* Naming referees is a row of its own in the phase table. */
	action = json_is_array(referees) && !json_is_string(statement) &&
	    !json_is_object(nominee) ? ACTION_REFEREES : ACTION_NOMINATOR_EDIT;
	if (nomination_by_token(req, body, id) == -1)
		goto out;
	if ((res = DB_EXEC(req->db, SQL_NOMINATION_VIEW, id)) == NULL)
		goto out;
	if (PQntuples(res) == 0) {
		db_rollback(req->db);
		nomination_bad_token(req);
		goto out;
	}
	if (editing && strcmp(db_text(res, 0, "status"), "withdrawn") == 0) {
		http_error(req, 409, "withdrawn",
		    "this nomination was withdrawn", NULL);
		goto out;
	}
	if (editing && !phase_guard(req, action, db_text(res, 0, "phase")))
		goto out;
	if (editing && !nomination_editable(res)) {
		http_error(req, 409, "nominations_closed",
		    "nominations are closed: it can no longer be changed",
		    NULL);
		goto out;
	}
	if (json_is_array(referees) &&
	    nomination_referees(req, res, id, referees) == -1)
		goto out;
	if (json_is_object(nominee)) {
		/* Before the statement edit, which may set it submitted. */
		if ((done = DB_EXEC(req->db, SQL_NOMINATION_EDIT_NOMINEE, id,
		    str(nominee, "name", NULL),
		    str(nominee, "affiliation", NULL),
		    str(nominee, "role", NULL))) == NULL)
			goto out;
		if (PQntuples(done) == 0) {
			http_error(req, 409, "screened", "the organizers have "
			    "screened this nomination: the nominee can no "
			    "longer be corrected", NULL);
			goto out;
		}
	}
	if (json_is_string(statement)) {
		if (db_command(req->db, SQL_NOMINATION_EDIT, 2, DB_ARGS(id,
		    json_string_value(statement))) == -1)
			goto out;
	} else if (json_is_true(withdraw)) {
		/* The candidate's lock orders withdrawals and confirmations. */
		if (db_command(req->db, SQL_CANDIDATE_LOCK, 1,
		    DB_ARGS(id)) == -1 ||
		    db_command(req->db, SQL_NOMINATION_WITHDRAW, 1,
		    DB_ARGS(id)) == -1)
			goto out;
	}
	if (editing) {
		PQclear(res);
		if ((res = DB_EXEC(req->db, SQL_NOMINATION_VIEW, id)) == NULL)
			goto out;
	}
	if ((list = letter_referees_json(req->db, id)) == NULL)
		goto out;
	out = nomination_json(res);
	json_object_set_new(out, "referees", list);
	json_object_set_new(out, "letters_max",
	    json_integer((json_int_t)db_int(res, 0, "letters_max")));
	if (db_commit(req->db) == -1)
		goto out;
	http_json(req, 200, out);
	out = NULL;
out:
	json_decref(out);
	PQclear(done);
	PQclear(res);
	json_decref(body);
}

/*
 * Erases nominations left unconfirmed past their link's 72 hours with the
 * mails queued for them, then the candidates left with no nomination at
 * all, and empties the bodies of mails whose link has expired or was
 * spent (SPEC §5).  Returns the number of nominations erased, or -1.
 */
int
nomination_expire(struct db *db)
{
	PGresult	*res;
	int		 n;

	if (db_begin(db) == -1)
		return -1;
	if ((res = DB_EXEC0(db, SQL_NOMINATION_EXPIRE)) == NULL) {
		db_rollback(db);
		return -1;
	}
	n = (int)db_int(res, 0, "erased");
	PQclear(res);
	if (db_command(db, SQL_CANDIDATE_EXPIRE, 0, NULL) == -1 ||
	    db_command(db, SQL_OUTBOX_EXPIRE_LINKS, 0, NULL) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return n;
}
