/*
 * session.c: sessions of committee members and organizers (SPEC §7):
 * a 256-bit random cookie value of which only the SHA-256 is stored,
 * an idle timeout of 2 h and an absolute one of 12 h; and the ways in:
 * a password (POST /api/session), a one-time link mailed on request
 * (POST /api/session/link) or an invitation (POST /api/session/token),
 * and out (DELETE /api/session).  Every sign-in makes a new session; the
 * cookie value lives only in the Set-Cookie header, never in a log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "awards.h"
#include "db.h"

/* The cookie's name: __Host- prefixed when served over https. */
const char *
session_cookie_name(void)
{
	return config.secure_cookies ? "__Host-awards_session" :
	    "awards_session";
}

/*
 * Loads the signed-in user into req->user when the request carries a live
 * session cookie; an unknown, expired or revoked one is as no cookie.
 * Returns 0, or -1 after answering 503.
 */
int
session_load(struct req *req)
{
	char		 value[80], hash[67];
	PGresult	*res;
	const char	*role;

	if (!http_cookie(req, session_cookie_name(), value, sizeof(value)) ||
	    strlen(value) != 64)
		return 0;
	token_hash(value, hash);
	if ((res = DB_EXEC(req->db, SQL_SESSION_LOAD, hash)) == NULL) {
		http_db_error(req);
		return -1;
	}
	if (PQntuples(res) == 1) {
		req->user.session_id = db_int(res, 0, "session_id");
		req->user.id = db_int(res, 0, "user_id");
		role = db_text(res, 0, "role");
		req->user.role = strcmp(role, "organizer") == 0 ?
		    ROLE_ORGANIZER : ROLE_MEMBER;
		snprintf(req->user.email, sizeof(req->user.email), "%s",
		    db_text(res, 0, "email"));
		snprintf(req->user.name, sizeof(req->user.name), "%s",
		    db_text(res, 0, "name"));
		snprintf(req->user.csrf, sizeof(req->user.csrf), "%s",
		    db_text(res, 0, "csrf_token"));
		/* Touch at most once a minute: reads stay reads. */
		if (db_bool(res, 0, "stale")) {
			char	 id[24];

			PQclear(DB_EXEC(req->db, SQL_SESSION_TOUCH,
			    db_i64(id, req->user.session_id)));
		}
	}
	PQclear(res);
	return 0;
}

/*
 * Starts a session for the user u inside the caller's transaction: a new
 * 256-bit cookie value (64 hex digits) into cookie, of which only the
 * hash is stored, and a new CSRF token.  The request becomes the user's
 * (req->user), so that what follows is audited as theirs.  Returns 0, or
 * -1 on a database failure.
 */
static int
session_open(struct req *req, const struct user *u, char cookie[65])
{
	PGresult	*res;
	unsigned char	 raw[32];
	char		 hash[67], csrf[64], id[24];

	util_random_hex(cookie, 32);
	token_hash(cookie, hash);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(csrf, sizeof(csrf), raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	res = DB_EXEC(req->db, SQL_SESSION_INSERT, hash,
	    db_i64(id, (long long)u->id), csrf, req->remote_addr);
	if (res == NULL)
		return -1;
	req->user = *u;
	req->user.session_id = db_int(res, 0, "id");
	snprintf(req->user.csrf, sizeof(req->user.csrf), "%s", csrf);
	PQclear(res);
	return 0;
}

/* The request's user and CSRF token: the body of a session. */
static json_t *
session_json(const struct req *req)
{
	return json_pack("{s:s, s:o}", "csrf_token", req->user.csrf,
	    "user", user_json(&req->user));
}

/* Answers 200 with the new session's cookie and body. */
static void
session_answer(struct req *req, const char *cookie)
{
	char	 header[256];

	snprintf(header, sizeof(header), "Set-Cookie: %s=%s; Path=/; "
	    "HttpOnly; SameSite=Strict%s\r\n", session_cookie_name(), cookie,
	    config.secure_cookies ? "; Secure" : "");
	http_json_headers(req, 200, header, session_json(req));
	sodium_memzero(header, sizeof(header));
}

/*
 * Revokes the session cookie the request came with, if any: a login
 * replaces it.  The session-opening routes are public and never load the
 * session (SPEC §4), so the cookie is revoked by its hash, whoever it
 * belonged to.  Returns 0, or -1 on a database failure.
 */
static int
session_revoke_current(struct req *req)
{
	char	 value[80], hash[TOKEN_HASH_SIZE];

	if (!http_cookie(req, session_cookie_name(), value, sizeof(value)) ||
	    strlen(value) != 64)
		return 0;
	token_hash(value, hash);
	sodium_memzero(value, sizeof(value));
	return db_command(req->db, SQL_SESSION_REVOKE_HASH, 1, DB_ARGS(hash));
}

/* Fills u from columns user_id, role, email and name of res's row 0. */
static void
session_user_row(struct user *u, PGresult *res)
{
	memset(u, 0, sizeof(*u));
	u->id = db_int(res, 0, "user_id");
	u->role = user_role_parse(db_text(res, 0, "role"));
	snprintf(u->email, sizeof(u->email), "%s", db_text(res, 0, "email"));
	snprintf(u->name, sizeof(u->name), "%s", db_text(res, 0, "name"));
}

/*
 * Signs the user u in, inside the caller's transaction, and commits it:
 * revokes the session the request came with, opens a new one (its cookie
 * into cookie), audits also (an action on u, or NULL) then the login
 * with detail (not stolen), all as u, and answers 200.  Returns 0, or -1
 * on a database failure, not answered.
 */
static int
session_sign_in(struct req *req, const struct user *u, const char *also,
    json_t *detail, char cookie[65])
{
	if (session_revoke_current(req) == -1 ||
	    session_open(req, u, cookie) == -1 ||
	    (also != NULL && audit_write(req, also, "user", u->id,
	    NULL) == -1) ||
	    audit_write(req, "session.login", "user", u->id, detail) == -1 ||
	    db_commit(req->db) == -1)
		return -1;
	session_answer(req, cookie);
	return 0;
}

/* Answers 429 throttled with Retry-After. */
static void
session_throttled(struct req *req, int retry_after)
{
	char	 header[64];

	snprintf(header, sizeof(header), "Retry-After: %d\r\n", retry_after);
	http_json_headers(req, 429, header, json_pack("{s:{s:s, s:s}}",
	    "error", "code", "throttled", "message", "too many failed "
	    "sign-ins; wait before trying again"));
}

/*
 * Answers 503 busy with Retry-After when both hashing slots are taken:
 * the request never waits for one, so a login flood holds no thread
 * (SPEC §7).
 */
static void
session_busy(struct req *req)
{
	http_json_headers(req, 503, "Retry-After: 1\r\n", json_pack(
	    "{s:{s:s, s:s}}", "error", "code", "busy", "message",
	    "the server is busy; try again in a moment"));
}

/*
 * POST /api/session: {"email", "password"} signs in.  200 with the
 * cookie and {"csrf_token", "user"}; 400 malformed, unknown fields or
 * wrong types; 401 invalid_credentials, the same for an unknown email, a
 * wrong password and an account without a password; 415; 422 missing
 * fields; 429 throttled with Retry-After; 503 database unavailable or
 * too many hashes in line.
 */
void
session_create(struct req *req)
{
	static const struct valid_field fields[] = {
		{ .name = "email", .type = VALID_TEXT, .required = 1,
		    .min = 1, .max = 254 },
		{ .name = "password", .type = VALID_SECRET, .required = 1,
		    .max = PASSWORD_MAX },
		{ .name = NULL }
	};
	const char	*v[2];
	json_t		*body, *detail = NULL;
	PGresult	*res = NULL;
	struct user	 u;
	char		 cookie[65] = "", newhash[PASSWORD_HASH_MAX], id[24];
	const char	*hash;
	int		 retry, ok, rehash;

	if ((body = valid_body(req, fields)) == NULL)
		return;
	v[0] = json_string_value(json_object_get(body, "email"));
	v[1] = json_string_value(json_object_get(body, "password"));
	if ((ok = throttle_begin(req, v[0], &retry)) != 0) {
		if (ok == 1)
			session_throttled(req, retry);
		goto out;
	}
	if ((res = DB_EXEC(req->db, SQL_USER_BY_EMAIL, v[0])) == NULL)
		goto out;
	/* No user, or one who never set a password: the dummy hash. */
	hash = PQntuples(res) == 1 && !db_isnull(res, 0, "password_hash") ?
	    db_text(res, 0, "password_hash") : NULL;
	if ((ok = password_verify(v[1], hash, &rehash)) == -1) {
		/* Not a failure: the try was never checked. */
		throttle_end(req, v[0], 0);
		session_busy(req);
		goto out;
	}
	if (throttle_end(req, v[0], !ok) == -1)
		goto out;
	if (!ok) {
		http_error(req, 401, "invalid_credentials",
		    "wrong email or password", NULL);
		goto out;
	}
	session_user_row(&u, res);
	if (rehash && password_hash(v[1], newhash) == -1)
		rehash = 0;	/* the old hash still works: next time */
	detail = json_pack("{s:s, s:b}", "method", "password", "rehashed",
	    rehash);
	if (db_begin(req->db) == -1 ||
	    (rehash && db_command(req->db, SQL_USER_REHASH, 3,
	    DB_ARGS(db_i64(id, (long long)u.id), newhash, hash)) == -1) ||
	    session_sign_in(req, &u, NULL, detail, cookie) == -1)
		goto out;
out:
	sodium_memzero(cookie, sizeof(cookie));
	json_decref(detail);
	PQclear(res);
	json_decref(body);
}

/*
 * POST /api/session/link: {"email"} records a request for a one-time
 * login link (30 minutes), at most 5 in 15 minutes per address so that no
 * one can flood a mailbox; the mailer mails the link when the account
 * exists (login_link.c).  The request runs the same statements whether
 * or not it does, so neither the answer nor its timing tells (SPEC §7).
 * 202 always; 400 malformed, unknown fields or wrong types; 415; 422
 * missing or not an address; 503.
 */
void
session_link(struct req *req)
{
	static const struct valid_field fields[] = {
		{ .name = "email", .type = VALID_EMAIL, .required = 1,
		    .min = 3, .max = 254 },
		{ .name = NULL }
	};
	json_t		*body;
	const char	*email;

	if ((body = valid_body(req, fields)) == NULL)
		return;
	/*
	 * The same statements whatever the address: the mailer, not this
	 * request, looks the account up (login_link.c).
	 */
	email = json_string_value(json_object_get(body, "email"));
	if (db_begin(req->db) == -1 ||
	    db_command(req->db, SQL_LOGIN_LINK_LOCK, 1, DB_ARGS(email)) == -1 ||
	    db_command(req->db, SQL_LOGIN_LINK_REQUEST, 1,
	    DB_ARGS(email)) == -1 || db_commit(req->db) == -1)
		goto out;
	http_json(req, 202, json_pack("{s:s}", "status", "accepted"));
out:
	json_decref(body);
}

/*
 * POST /api/session/token: {"token", "password"} spends a login or an
 * invitation link and signs in.  An invitation must set a password; a
 * login link may (a password reset).  Setting a password revokes every
 * other session of the user and spends their other links.  200 with the
 * cookie and {"csrf_token", "user"}; 400 malformed, unknown fields or
 * wrong types; 404 invalid_token, the same for an unknown, used or
 * expired token; 415; 422 missing token, a password too short, or none
 * for an invitation; 503.  With "preview": true it spends nothing and
 * signs no one in: 200 {"purpose": "invite" or "login", "role"}, so that
 * the page shows the text for what the link is, or the 404.
 */
void
session_token(struct req *req)
{
	static const struct valid_field fields[] = {
		/* Any string: a wrong one of any shape answers the same
		 * 404 as a used or expired one. */
		{ .name = "token", .type = VALID_TEXT, .required = 1,
		    .max = 128 },
		{ .name = "password", .type = VALID_SECRET,
		    .max = PASSWORD_MAX },
		{ .name = "preview", .type = VALID_BOOL },
		{ .name = NULL }
	};
	const char	*v[2], *why;
	json_t		*body, *detail = NULL;
	PGresult	*res = NULL;
	struct user	 u;
	char		 hash[67], cookie[65] = "", id[24];
	char		 pwhash[PASSWORD_HASH_MAX] = "";
	int		 invite;

	if ((body = valid_body(req, fields)) == NULL)
		return;
	v[0] = json_string_value(json_object_get(body, "token"));
	v[1] = json_string_value(json_object_get(body, "password"));
	if (v[1] != NULL && !password_valid(v[1], &why)) {
		http_error(req, 422, "invalid", "some fields are not valid",
		    json_pack("{s:s}", "password", why));
		goto out;
	}
	token_hash(v[0], hash);
	if (db_begin(req->db) == -1 ||
	    (res = DB_EXEC(req->db, SQL_TOKEN_FIND, hash)) == NULL)
		goto out;
	if (PQntuples(res) == 0) {
		http_error(req, 404, "invalid_token", "this link is unknown, "
		    "used or expired; ask for a new one", NULL);
		goto out;
	}
	invite = strcmp(db_text(res, 0, "purpose"), "invite") == 0;
	session_user_row(&u, res);
	if (json_is_true(json_object_get(body, "preview"))) {
		db_rollback(req->db);
		http_json(req, 200, json_pack("{s:s, s:s}", "purpose",
		    invite ? "invite" : "login", "role",
		    u.role == ROLE_ORGANIZER ? "organizer" : "committee"));
		goto out;
	}
	if (invite && v[1] == NULL) {
		http_error(req, 422, "invalid", "choose a password to accept "
		    "the invitation", json_pack("{s:s}", "password",
		    "is required"));
		goto out;
	}
	if (v[1] != NULL && password_hash(v[1], pwhash) == -1) {
		db_rollback(req->db);
		session_busy(req);
		goto out;
	}
	detail = json_pack("{s:s}", "method", invite ? "invitation" : "link");
	db_i64(id, (long long)u.id);
	if (db_command(req->db, SQL_TOKEN_USE, 1,
	    DB_ARGS(db_text(res, 0, "token_id"))) == -1 ||
	    (v[1] != NULL && (db_command(req->db, SQL_USER_SET_PASSWORD, 2,
	    DB_ARGS(id, pwhash)) == -1 ||
	    db_command(req->db, SQL_TOKEN_USE_ALL, 1, DB_ARGS(id)) == -1 ||
	    db_command(req->db, SQL_SESSION_REVOKE_USER, 1,
	    DB_ARGS(id)) == -1)) ||
	    session_sign_in(req, &u, v[1] != NULL ? "user.password" : NULL,
	    detail, cookie) == -1)
		goto out;
out:
	sodium_memzero(cookie, sizeof(cookie));
	sodium_memzero(hash, sizeof(hash));
	json_decref(detail);
	PQclear(res);
	json_decref(body);
}

/*
 * GET /api/session (user): who is signed in, with the session's CSRF
 * token, for a page that lost it.  200 {"csrf_token", "user"}.
 */
void
session_get(struct req *req)
{
	http_json(req, 200, session_json(req));
}

/*
 * DELETE /api/session (user): signs out, revoking the session and
 * clearing the cookie.  204; 503.
 */
void
session_delete(struct req *req)
{
	char	 id[24], header[160];

	if (db_begin(req->db) == -1 ||
	    db_command(req->db, SQL_SESSION_REVOKE, 1,
	    DB_ARGS(db_i64(id, (long long)req->user.session_id))) == -1 ||
	    audit_write(req, "session.logout", "user", req->user.id,
	    NULL) == -1 || db_commit(req->db) == -1)
		return;
	meeting_cache_clear();
	snprintf(header, sizeof(header), "Set-Cookie: %s=; Path=/; "
	    "Max-Age=0; HttpOnly; SameSite=Strict%s\r\n",
	    session_cookie_name(), config.secure_cookies ? "; Secure" : "");
	http_raw(req, 204, header, NULL, 0);
}
