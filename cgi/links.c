/*
 * links.c: a nominator who lost the mail with their link (or whose link
 * expired, or who mistyped nothing but lost the tab) asks for fresh ones
 * by address: POST /api/nominations/links.  The request only records
 * itself, in the same statements whatever the address, so that neither
 * its answer nor its timing tells whether the address nominated anyone
 * (SPEC §7); the mailer takes the requests and answers each
 * (links_answer()): it looks the nominations up, and mails the links, or
 * nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "awards.h"
#include "db.h"

#define LINKS_PER_WINDOW	"3"	/* requests per address per 15 minutes */

static const struct valid_field links_fields[] = {
	{ .name = "email", .type = VALID_EMAIL, .required = 1,
	    .min = 3, .max = 254 },
	{ .name = NULL }
};

/*
 * Appends to b the entry of nomination row i of res: a line saying what
 * it is, then its new link alone on the next line.  A pending
 * nomination's address is not confirmed yet, so its entry carries no text
 * the sender typed (SPEC §7), only the category.  Returns 0, or -1 on a
 * database failure.
 */
static int
links_entry(struct db *db, PGresult *res, int i, struct buf *b)
{
	char		 token[TOKEN_SIZE], hash[TOKEN_HASH_SIZE], *url;
	char		*line = NULL, why[96];
	const char	*id = db_text(res, i, "id");
	json_t		*values;
	int		 pending, rc;

	pending = strcmp(db_text(res, i, "status"), "pending") == 0;
	token_new(token, hash);
	if (db_command(db, pending ? SQL_TOKEN_INSERT_CONFIRM :
	    SQL_TOKEN_INSERT_MANAGE, 2, DB_ARGS(hash, id)) == -1)
		return -1;
	if ((url = token_url(pending ? "confirm" : "manage", token)) == NULL)
		return -1;
	/*
	 * The entry's words in the mail's language (SQL_LINKS_NOMINATIONS);
	 * a pending one's phrase names only the category.
	 */
	values = json_pack("{s:s, s:s}", "category_name",
	    db_text(res, i, "category_name"), "nominee_name", pending ? "" :
	    db_text(res, i, "nominee_name"));
	rc = values == NULL ? -1 : render_template(db_text(res, i, "line"),
	    values, &line, why, sizeof(why));
	json_decref(values);
	if (rc == -1) {
		log_error("links: %s", why);
		token_url_free(url);
		return -1;
	}
	buf_str(b, line);
	buf_str(b, "\n");
	free(line);
	buf_str(b, url);
	buf_str(b, "\n\n");
	token_url_free(url);
	sodium_memzero(token, sizeof(token));
	return 0;
}

/*
 * See awards.h.  Queues, inside the caller's transaction, the mail of
 * fresh links that request row i of asked (SQL_LINKS_CLAIM) asked for:
 * one link for each live nomination of its address, or nothing when it
 * has none.  Returns 0, or -1 on a database failure.
 */
int
links_answer(struct db *db, const PGresult *asked, int i)
{
	PGresult	*res;
	json_t		*values = NULL;
	struct buf	 b = { 0 };
	const char	*email = db_text(asked, i, "email");
	char		*links = NULL;
	int		 j, rc = -1;

	if ((res = DB_EXEC(db, SQL_LINKS_NOMINATIONS, email)) == NULL)
		return -1;
	if (PQntuples(res) == 0) {
		rc = 0;
		goto out;
	}
	for (j = 0; j < PQntuples(res); j++)
		if (links_entry(db, res, j, &b) == -1)
			goto out;
	if (buf_finish(&b, &links, NULL) == -1)
		goto out;
	values = json_pack("{s:s, s:s}", "cycle_name",
	    db_text(res, 0, "cycle_name"), "links", links);
	/* One mail per request: its id is the dedupe key. */
	if (values == NULL || outbox_queue(db, db_int(res, 0, "cycle_id"),
	    EVENT_NOMINATION_LINKS, db_text(res, 0, "lang"), email, "",
	    values, db_text(asked, i, "id"), 0) == -1)
		goto out;
	rc = 0;
out:
	buf_free(&b);
	if (links != NULL)
		sodium_memzero(links, strlen(links));
	free(links);
	json_decref(values);
	PQclear(res);
	return rc;
}

/*
 * POST /api/nominations/links {"email"}: records a request for fresh
 * links to that address, at most 3 per address in 15 minutes; the mailer
 * then mails it one message with a fresh link for each of its live
 * nominations in the open cycle (confirm for a pending one, manage for a
 * confirmed one), or nothing.  The same statements whatever the address:
 * no nomination is read here.  202 always, whether or not the address
 * nominated anyone; 400 malformed; 415; 422 not an address; 503.
 */
void
links_request(struct req *req)
{
	json_t		*body;
	const char	*email;

	if ((body = valid_body(req, links_fields)) == NULL)
		return;
	email = json_string_value(json_object_get(body, "email"));
	if (db_begin(req->db) == -1 ||
	    db_command(req->db, SQL_LINKS_LOCK, 1, DB_ARGS(email)) == -1 ||
	    db_command(req->db, SQL_LINKS_REQUEST, 2,
	    DB_ARGS(email, LINKS_PER_WINDOW)) == -1 ||
	    db_commit(req->db) == -1)
		goto out;
	http_json(req, 202, json_pack("{s:s}", "status", "accepted"));
out:
	json_decref(body);
}
