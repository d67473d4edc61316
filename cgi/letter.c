/*
 * letter.c: letters of support (SPEC §3, "Letters of support";
 * docs/letters.md).  A nominator names up to the cycle's letters_max
 * referees on the form or the manage page; once the nomination is
 * confirmed, each referee is mailed a link to /letter, where they read
 * what they may (cycle, category, nominee's name, their own letter, until
 * when) and write or replace one letter while the phase allows.  The
 * nominator learns that a letter arrived, never its text.  Referee
 * requests count toward the cap of confirmation-type mails per address
 * (SPEC §7): a request over the cap waits (held) and `awards remind`
 * sends it once the window allows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "awards.h"
#include "db.h"

#define LETTER_MIN	50
#define LETTER_MAX	10000

static const struct valid_field letter_fields[] = {
	{ .name = "token", .type = VALID_TEXT,
	    .required = 1, .min = 1, .max = 128 },
	{ .name = "letter", .type = VALID_LONGTEXT,
	    .min = LETTER_MIN, .max = LETTER_MAX },
	{ .name = NULL }
};

/* See awards.h: the fields of one referee, as the form sends them. */
const struct valid_field letter_referee_fields[] = {
	{ .name = "name", .type = VALID_TEXT,
	    .required = 1, .min = 1, .max = 200 },
	{ .name = "email", .type = VALID_EMAIL,
	    .required = 1, .min = 3, .max = 254 },
	{ .name = "relationship", .type = VALID_TEXT, .max = 200 },
	{ .name = NULL }
};

/* Whether addresses a and b are the same: trimmed, any case. */
static int
letter_same_address(const char *a, const char *b)
{
	size_t	 la, lb;

	while (*a == ' ')
		a++;
	while (*b == ' ')
		b++;
	for (la = strlen(a); la > 0 && a[la - 1] == ' '; la--)
		continue;
	for (lb = strlen(b); lb > 0 && b[lb - 1] == ' '; lb--)
		continue;
	return la == lb && strncasecmp(a, b, la) == 0;
}

/*
 * See awards.h.  Checks referees (validated by the field table) against
 * the nomination's nominee and nominator addresses and letters_max; each
 * problem in fields as "referees[i].email".  Returns 0 when all pass.
 */
int
letter_referees_check(json_t *referees, const char *nominee_email,
    const char *nominator_email, long long letters_max, json_t *fields)
{
	json_t		*r, *o;
	const char	*email;
	char		 key[48], why[64];
	size_t		 i, j;
	int		 bad = 0;

	if (!json_is_array(referees))
		return 0;
	if ((long long)json_array_size(referees) > letters_max) {
		if (letters_max == 0)
			snprintf(why, sizeof(why), "this cycle asks for no "
			    "letters");
		else
			snprintf(why, sizeof(why), "at most %lld for this "
			    "cycle", letters_max);
		json_object_set_new(fields, "referees", json_string(why));
		return -1;
	}
	json_array_foreach(referees, i, r) {
		email = json_string_value(json_object_get(r, "email"));
		if (email == NULL)
			continue;
		snprintf(key, sizeof(key), "referees[%zu].email", i);
		if (letter_same_address(email, nominee_email)) {
			json_object_set_new(fields, key, json_string("is the "
			    "nominee's address: a referee is someone else"));
			bad = 1;
			continue;
		}
		if (letter_same_address(email, nominator_email)) {
			json_object_set_new(fields, key, json_string("is the "
			    "nominator's address: a referee is someone else"));
			bad = 1;
			continue;
		}
		for (j = 0; j < i; j++) {
			o = json_array_get(referees, j);
			if (letter_same_address(email, json_string_value(
			    json_object_get(o, "email")) ?: "")) {
				json_object_set_new(fields, key, json_string(
				    "names the same referee twice"));
				bad = 1;
				break;
			}
		}
	}
	return bad ? -1 : 0;
}

/*
 * Mails referee row i of res (id, email, referee_name, lang, cycle_id and
 * the names its mail carries) a new link of its own to their letter:
 * records the link's hash with mark (SQL_REFEREE_ASKED for the request,
 * SQL_LETTER_REMINDED for the reminder) and queues ev, inside the
 * caller's transaction.  Returns 0 or -1.
 */
static int
letter_mail(struct db *db, const PGresult *res, int i, enum sqlstmt mark,
    enum mail_event ev)
{
	json_t		*values;
	const char	*id = db_text(res, i, "id");
	char		 token[TOKEN_SIZE], hash[TOKEN_HASH_SIZE];
	int		 rc = 0;

	token_new(token, hash);
	values = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
	    "referee_name", db_text(res, i, "referee_name"),
	    "nominator_name", db_text(res, i, "nominator_name"),
	    "nominee_name", db_text(res, i, "nominee_name"),
	    "cycle_name", db_text(res, i, "cycle_name"),
	    "category_name", db_text(res, i, "category_name"),
	    "letters_close_at", db_text(res, i, "letters_close_at"));
	/* The referee's id is the mail's dedupe subject. */
	if (token_link_value(values, "letter_url", "letter", token) == -1 ||
	    db_command(db, mark, 2, DB_ARGS(id, hash)) == -1 ||
	    outbox_queue(db, db_int(res, i, "cycle_id"), ev,
	    db_text(res, i, "lang"), db_text(res, i, "email"),
	    db_text(res, i, "referee_name"), values, id, 0) == -1)
		rc = -1;
	sodium_memzero(token, sizeof(token));
	json_decref(values);
	return rc;
}

/*
 * Asks one referee (row i of SQL_REFEREES_TO_ASK) for a letter, inside
 * the caller's transaction: under their address's lock, counts its
 * confirmation-type mails; under the cap, a new link, the request mail
 * and its count; over it, the request waits (held).  Returns 0, or -1 on
 * a database or template failure.
 */
static int
letter_ask_one(struct db *db, const PGresult *res, int i)
{
	PGresult	*cnt = NULL;
	const char	*id = db_text(res, i, "id");
	const char	*email = db_text(res, i, "email");
	int		 rc = -1;

	if (db_command(db, SQL_NOMINATOR_LOCK, 1, DB_ARGS(email)) == -1 ||
	    (cnt = DB_EXEC(db, SQL_REFEREE_MAILS, email)) == NULL)
		goto out;
	if (db_int(cnt, 0, "mails") >= NOMINATION_CONFIRM_MAILS_MAX) {
		rc = db_command(db, SQL_REFEREE_HELD, 1, DB_ARGS(id));
		goto out;
	}
	if (letter_mail(db, res, i, SQL_REFEREE_ASKED,
	    EVENT_LETTER_REQUESTED) == -1)
		goto out;
	rc = 0;
out:
	PQclear(cnt);
	return rc;
}

/*
 * See awards.h: asks every referee of the nomination (id as text) not
 * asked yet, inside the caller's transaction; nothing before the
 * nomination is confirmed.  Returns 0 or -1.
 */
int
letter_request(struct db *db, const char *nomination_id)
{
	PGresult	*res;
	int		 i, rc = 0;

	if ((res = DB_EXEC(db, SQL_REFEREES_TO_ASK, nomination_id)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res) && rc == 0; i++)
		rc = letter_ask_one(db, res, i);
	PQclear(res);
	return rc;
}

/*
 * See awards.h: the referees of the nomination as its nominator sees
 * them, [{"name","email","relationship","state"}], state "asked" or
 * "received"; never a letter.  NULL on a database failure.
 */
json_t *
letter_referees_json(struct db *db, const char *nomination_id)
{
	PGresult	*res;
	json_t		*list;

	if ((res = DB_EXEC(db, SQL_REFEREES_OF_NOMINATION,
	    nomination_id)) == NULL)
		return NULL;
	list = db_json_rows(res);
	PQclear(res);
	return list;
}

/* The answer for a wrong, expired or dead link: always the same. */
static void
letter_bad_token(struct req *req)
{
	http_error(req, 404, "invalid_token",
	    "this link is not valid or has expired", NULL);
}

/* What the referee of row 0 of res (SQL_LETTER_FIND) may see. */
static json_t *
letter_json(const PGresult *res, const char *letter, const char *at)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b}",
	    "cycle_name", db_text(res, 0, "cycle_name"),
	    "category_name", db_text(res, 0, "category_name"),
	    "nominee_name", db_text(res, 0, "nominee_name"),
	    "referee_name", db_text(res, 0, "referee_name"),
	    "letters_close_at", db_json_text(res, 0, "letters_close_at"),
	    "letter", letter != NULL ? json_string(letter) : json_null(),
	    "letter_at", at != NULL ? json_string(at) : json_null(),
	    "writable", phase_allows(ACTION_LETTER,
	    db_text(res, 0, "phase")));
}

/*
 * Queues the nominator's one-line notice that the referee of row 0 of
 * res wrote (once per referee: a replaced letter says nothing more).
 * Returns 0 or -1.
 */
static int
letter_notify(struct db *db, const PGresult *res)
{
	json_t	*values;
	char	 key[64];
	int	 rc;

	if (db_isnull(res, 0, "nominator_email"))
		return 0;
	values = json_pack("{s:s, s:s, s:s, s:s}",
	    "nominator_name", db_text(res, 0, "nominator_name"),
	    "referee_name", db_text(res, 0, "referee_name"),
	    "nominee_name", db_text(res, 0, "nominee_name"),
	    "cycle_name", db_text(res, 0, "cycle_name"));
	snprintf(key, sizeof(key), "%s",
	    db_text(res, 0, "id"));
	rc = values == NULL ? -1 : outbox_queue(db, db_int(res, 0,
	    "cycle_id"), EVENT_LETTER_RECEIVED, db_text(res, 0, "lang"),
	    db_text(res, 0, "nominator_email"),
	    db_text(res, 0, "nominator_name"), values, key, 0);
	json_decref(values);
	return rc;
}

/*
 * POST /api/letters (token holder: a referee).  {"token"}: 200 what the
 * referee may see {"cycle_name","category_name","nominee_name",
 * "referee_name","letters_close_at","letter","letter_at","writable"};
 * {"token","letter"} (50 to 10,000 characters) writes or replaces their
 * letter while the phase allows (nominations_open, nominations_closed),
 * 200 the same with the letter, and the first letter mails the
 * nominator a notice.  404 invalid_token (any wrong, expired or dead
 * link, the same answer after the same statement); 409 wrong_phase; 400;
 * 413; 415; 422; 429 (nginx); 503.
 */
void
letter_post(struct req *req)
{
	json_t		*body;
	PGresult	*res = NULL, *done = NULL;
	const char	*given, *letter;
	char		 hash[TOKEN_HASH_SIZE];

	if ((body = valid_body(req, letter_fields)) == NULL)
		return;
	given = json_string_value(json_object_get(body, "token"));
	letter = json_string_value(json_object_get(body, "letter"));
	if (!token_shape(given)) {
		letter_bad_token(req);
		goto out;
	}
	token_hash(given, hash);
	if (db_begin(req->db) == -1 ||
	    (res = DB_EXEC(req->db, SQL_LETTER_FIND, hash)) == NULL)
		goto out;
	if (PQntuples(res) == 0) {
		db_rollback(req->db);
		letter_bad_token(req);
		goto out;
	}
	if (letter == NULL) {
		db_rollback(req->db);
		http_json(req, 200, letter_json(res, db_isnull(res, 0,
		    "letter") ? NULL : db_text(res, 0, "letter"),
		    db_isnull(res, 0, "letter_at") ? NULL :
		    db_text(res, 0, "letter_at")));
		goto out;
	}
	if (!phase_guard(req, ACTION_LETTER, db_text(res, 0, "phase")))
		goto out;
	if ((done = DB_EXEC(req->db, SQL_LETTER_WRITE, db_text(res, 0, "id"),
	    letter)) == NULL || letter_notify(req->db, res) == -1 ||
	    db_commit(req->db) == -1)
		goto out;
	http_json(req, 200, letter_json(res, letter,
	    db_text(done, 0, "letter_at")));
out:
	PQclear(done);
	PQclear(res);
	json_decref(body);
}

/*
 * Reminds, once, the referees due (SQL_LETTER_REMIND_DUE: asked, silent,
 * letters closing within 3 days), each with a link of its own; *n counts
 * them.  Returns 0 or -1.
 */
static int
letter_remind_due(struct db *db, int *n)
{
	PGresult	*res;
	int		 i, rc = -1;

	if ((res = DB_EXEC0(db, SQL_LETTER_REMIND_DUE)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		if (letter_mail(db, res, i, SQL_LETTER_REMINDED,
		    EVENT_LETTER_REMINDER) == -1)
			goto out;
		(*n)++;
	}
	rc = 0;
out:
	PQclear(res);
	return rc;
}

/*
 * See awards.h: `awards remind`'s part for letters, inside the caller's
 * transaction: the requests held by the cap that the window now allows,
 * then the reminders due.  *asked and *reminded count them.  Returns 0
 * or -1.
 */
int
letter_remind(struct db *db, int *asked, int *reminded)
{
	PGresult	*res;
	int		 i, rc = 0;

	*asked = *reminded = 0;
	if ((res = DB_EXEC0(db, SQL_REFEREES_HELD)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res) && rc == 0; i++) {
		rc = letter_request(db, db_text(res, i, "nomination_id"));
		(*asked)++;
	}
	PQclear(res);
	if (rc == -1)
		return -1;
	return letter_remind_due(db, reminded);
}
