/*
 * session.c: sessions of committee members and organizers (SPEC §7):
 * a 256-bit random cookie value of which only the SHA-256 is stored,
 * an idle timeout of 2 h and an absolute one of 12 h.
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
 * Writes "\\x" and the hex SHA-256 of the text token into out (at least
 * 67 bytes): the form in which tokens and sessions are stored and looked
 * up as bytea.
 */
void
session_hash(const char *token, char out[67])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	out[0] = '\\';
	out[1] = 'x';
	sodium_bin2hex(out + 2, 65, h, sizeof(h));
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
	session_hash(value, hash);
	if ((res = DB_EXEC(req->db, SQL_SESSION_LOAD, hash)) == NULL) {
		http_db_error(req);
		return -1;
	}
	if (PQntuples(res) == 1) {
		req->user.session_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		req->user.id = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
		role = PQgetvalue(res, 0, 2);
		req->user.role = strcmp(role, "organizer") == 0 ?
		    ROLE_ORGANIZER : ROLE_MEMBER;
		snprintf(req->user.email, sizeof(req->user.email), "%s",
		    PQgetvalue(res, 0, 3));
		snprintf(req->user.name, sizeof(req->user.name), "%s",
		    PQgetvalue(res, 0, 4));
		snprintf(req->user.csrf, sizeof(req->user.csrf), "%s",
		    PQgetvalue(res, 0, 5));
		/* Touch at most once a minute: reads stay reads. */
		if (strcmp(PQgetvalue(res, 0, 6), "t") == 0) {
			char	 id[24];

			PQclear(DB_EXEC(req->db, SQL_SESSION_TOUCH,
			    db_i64(id, req->user.session_id)));
		}
	}
	PQclear(res);
	return 0;
}
