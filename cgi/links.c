/*
 * links.c: a nominator who lost the mail with their link (or whose link
 * expired, or who mistyped nothing but lost the tab) asks for fresh ones
 * by address: POST /api/nominations/links.  The answer never tells
 * whether the address nominated anyone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "awards.h"
#include "db.h"

#define LINKS_PER_WINDOW	3	/* mails per address per 15 minutes */

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
	const char	*id = db_text(res, i, "id");
	int		 pending;

	pending = strcmp(db_text(res, i, "status"), "pending") == 0;
	token_new(token, hash);
	if (db_command(db, pending ? SQL_TOKEN_INSERT_CONFIRM :
	    SQL_TOKEN_INSERT_MANAGE, 2, DB_ARGS(hash, id)) == -1)
		return -1;
	if ((url = token_url(pending ? "confirm" : "manage", token)) == NULL)
		return -1;
	if (pending) {
		buf_str(b, "A nomination in the category ");
		buf_str(b, db_text(res, i, "category_name"));
		buf_str(b, ", not confirmed yet. Confirm it here:\n");
	} else {
		buf_str(b, "Your nomination of ");
		buf_str(b, db_text(res, i, "nominee_name"));
		buf_str(b, " (");
		buf_str(b, db_text(res, i, "category_name"));
		buf_str(b, "). Read, edit or withdraw it here:\n");
	}
	buf_str(b, url);
	buf_str(b, "\n\n");
	sodium_memzero(url, strlen(url));
	free(url);
	sodium_memzero(token, sizeof(token));
	return 0;
}

/*
 * POST /api/nominations/links {"email"}: mails that address one message
 * with a fresh link for each of its live nominations in the open cycle
 * (confirm for a pending one, manage for a confirmed one), at most 3 such
 * mails per address in 15 minutes.  202 always, whether or not the
 * address nominated anyone; 400 malformed; 415; 422 not an address; 503.
 */
void
links_request(struct req *req)
{
	PGresult	*res = NULL, *recent = NULL;
	json_t		*body, *values = NULL;
	struct buf	 b = { 0 };
	const char	*email;
	char		*links = NULL, key[128], rnd[17];
	int		 i;

	if ((body = valid_body(req, links_fields)) == NULL)
		return;
	email = json_string_value(json_object_get(body, "email"));
	if (db_begin(req->db) == -1 ||
	    db_command(req->db, SQL_LINKS_LOCK, 1, DB_ARGS(email)) == -1 ||
	    (recent = DB_EXEC(req->db, SQL_LINKS_RECENT, email)) == NULL ||
	    (res = DB_EXEC(req->db, SQL_LINKS_NOMINATIONS, email)) == NULL)
		goto fail;
	if (db_int(recent, 0, "count") >= LINKS_PER_WINDOW ||
	    PQntuples(res) == 0) {
		db_rollback(req->db);
		goto accepted;
	}
	for (i = 0; i < PQntuples(res); i++)
		if (links_entry(req->db, res, i, &b) == -1)
			goto fail;
	if (buf_finish(&b, &links, NULL) == -1)
		goto fail;
	values = json_pack("{s:s, s:s}", "cycle_name",
	    db_text(res, 0, "cycle_name"), "links", links);
	util_random_hex(rnd, 8);
	snprintf(key, sizeof(key), "nomination_links:%s", rnd);
	if (values == NULL || outbox_queue(req->db, db_int(res, 0,
	    "cycle_id"), EVENT_NOMINATION_LINKS, email, "", values, key,
	    0) == -1 || db_commit(req->db) == -1)
		goto fail;
accepted:
	http_json(req, 202, json_pack("{s:s}", "status", "accepted"));
	goto out;
fail:
	db_rollback(req->db);
	http_db_error(req);
out:
	buf_free(&b);
	if (links != NULL)
		sodium_memzero(links, strlen(links));
	free(links);
	json_decref(values);
	PQclear(recent);
	PQclear(res);
	json_decref(body);
}
