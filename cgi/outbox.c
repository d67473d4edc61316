/*
 * outbox.c: the transactional outbox (SPEC §5).  A request that must mail
 * someone calls outbox_queue() inside its own transaction; awards mailer
 * (mailer.c) sends what committed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

/* See awards.h. */
int
outbox_queue(struct db *db, int64_t cycle_id, enum mail_event ev,
    const char *lang, const char *to_address, const char *to_name,
    json_t *values, const char *dedupe, int held)
{
	PGresult	*res, *res2;
	char		 cycle[24], why[128], message_id[320];
	char		*subject = NULL, *body = NULL;
	const char	*domain, *event = mail_events[ev].name;
	int		 rc = -1;

	/* Nothing from data may reach a header with a line break in it. */
	if (!valid_email(to_address) || strpbrk(to_name, "\r\n") != NULL) {
		log_error("outbox: %s: refused recipient", event);
		return -1;
	}
	/* NULL: the account's language of the recipient (a member). */
	if (lang == NULL)
		lang = "";
	else if (!lang_supported(lang))
		lang = LANG_DEFAULT;
	db_i64(cycle, (long long)cycle_id);
	if ((res = DB_EXEC(db, SQL_TEMPLATE_FIND, event, cycle, lang,
	    to_address)) == NULL)
		return -1;
	if (PQntuples(res) == 0) {
		log_error("outbox: no template for %s", event);
		goto out;
	}
	if (render_template(db_text(res, 0, "subject"), values, &subject, why,
	    sizeof(why)) == -1 ||
	    render_template(db_text(res, 0, "body"), values, &body, why,
	    sizeof(why)) == -1) {
		log_error("outbox: template %s: %s", event, why);
		goto out;
	}
	if (strpbrk(subject, "\r\n") != NULL) {
		log_error("outbox: template %s: line break in subject", event);
		goto out;
	}
	domain = strchr(config.mail_from, '@') + 1;
	{
		char	 rnd[33];

		util_random_hex(rnd, 16);
		snprintf(message_id, sizeof(message_id), "<%s@%s>", rnd,
		    domain);
	}
	/* The language the mail is written in, fallback or not. */
	lang = db_text(res, 0, "lang");
	res2 = DB_EXEC(db, SQL_OUTBOX_INSERT, event, cycle, to_address,
	    to_name, subject, body, held ? "held" : "queued", message_id,
	    mail_events[ev].dedupe_as != NULL ? mail_events[ev].dedupe_as :
	    event, dedupe, lang);
	if (res2 != NULL)
		rc = 0;
	PQclear(res2);
out:
	PQclear(res);
	free(subject);
	free(body);
	return rc;
}

/*
 * One row of SQL_OUTBOX_LIST as the API shows it: only held rows carry
 * their body (see SQL_OUTBOX_LIST).
 */
static json_t *
outbox_json(const PGresult *res, int i)
{
	json_t	*mail;

	if ((mail = db_json_row(res, i)) != NULL && db_isnull(res, i, "body"))
		json_object_del(mail, "body");
	return mail;
}

/*
 * GET /api/outbox?status=&page=&per_page= (organizer): the mails, newest
 * first, per_page (default 50, at most 200) of page (from 1), of one
 * status if given.  200 {"mails": [{"id", "event", "cycle_id",
 * "to_address", "to_name", "subject", "status", "attempts",
 * "next_attempt_at", "last_error", "message_id", "created_at", "sent_at"}
 * and "body" for held mails only], "page", "per_page", "total"}; 422 bad
 * status, page or per_page; 503.
 */
void
outbox_list(struct req *req)
{
	static const char *const statuses[] = { "held", "queued", "sending",
	    "sent", "dead", NULL };
	PGresult	*res = NULL, *count = NULL;
	json_t		*fields, *mails;
	struct page	 pg;
	char		 status[16];
	size_t		 i;
	int		 got, row;

	fields = json_object();
	status[0] = '\0';
	if ((got = http_query_get(req, "status", status, sizeof(status))) ==
	    1) {
		for (i = 0; statuses[i] != NULL; i++)
			if (strcmp(status, statuses[i]) == 0)
				break;
		got = statuses[i] != NULL ? 1 : -1;
	}
	if (got == -1) {
		json_object_set_new(fields, "status", json_string("must be "
		    "held, queued, sending, sent or dead"));
	}
	if (http_page(req, &pg, fields) == -1)
		return;
	if (got != 1)
		status[0] = '\0';
	if ((count = DB_EXEC(req->db, SQL_OUTBOX_COUNT, status)) == NULL ||
	    (res = DB_EXEC(req->db, SQL_OUTBOX_LIST, status, pg.limit,
	    pg.offset)) == NULL)
		goto out;
	mails = json_array();
	for (row = 0; row < PQntuples(res); row++)
		json_array_append_new(mails, outbox_json(res, row));
	http_json(req, 200, http_page_json(&pg, "mails", mails,
	    db_int(count, 0, "total")));
out:
	PQclear(res);
	PQclear(count);
}

/*
 * POST /api/outbox/{id}/retry (organizer): a dead mail is queued again,
 * due now, with its attempts back to 0 (SQL_OUTBOX_REQUEUE); the mailers
 * are woken.  The body is not read.  200 {"id", "status": "queued"};
 * 404 no such mail; 409 not_dead when the mail is not dead, or
 * link_expired when the link it carries expired or was used; 503.
 */
void
outbox_retry(struct req *req)
{
	PGresult	*res = NULL;
	json_t		*detail = NULL;
	char		 id[24];

	db_i64(id, (long long)req->ids[0]);
	if ((res = db_begin_find(req, SQL_OUTBOX_LOCK, "mail")) == NULL)
		goto out;
	if (strcmp(db_text(res, 0, "status"), "dead") != 0) {
		http_error(req, 409, "not_dead", "only a dead mail can be "
		    "retried", json_pack("{s:s}", "status",
		    db_text(res, 0, "status")));
		goto out;
	}
	/* Its link no longer works: sending it would help no one. */
	if (db_bool(res, 0, "link_dead")) {
		http_error(req, 409, "link_expired", "the link this mail "
		    "carries has expired or was used: it cannot be sent again",
		    NULL);
		goto out;
	}
	PQclear(res);
	res = NULL;
	detail = json_pack("{s:s}", "from", "dead");
	if (db_command(req->db, SQL_OUTBOX_REQUEUE, 1, DB_ARGS(id)) == -1 ||
	    audit_write(req, "outbox.retry", "outbox", req->ids[0],
	    detail) == -1 || db_commit(req->db) == -1)
		goto out;
	http_json(req, 200, json_pack("{s:I, s:s}", "id",
	    (json_int_t)req->ids[0], "status", "queued"));
out:
	json_decref(detail);
	PQclear(res);
}

/*
 * POST /api/outbox/release (organizer): {} or {"cycle_id": n} queues
 * every held mail (of that cycle); the mailers are woken.  200
 * {"released": n}; 400 malformed, unknown fields or a cycle_id that is
 * not a positive integer; 415; 503.
 */
void
outbox_release(struct req *req)
{
	static const struct valid_field fields[] = {
		{ .name = "cycle_id", .type = VALID_ID },
		{ .name = NULL }
	};
	PGresult	*res = NULL;
	json_t		*body, *v, *detail = NULL;
	json_int_t	 cycle_id = 0;
	long long	 released;
	char		 cycle[24];

	if ((body = valid_body(req, fields)) == NULL)
		return;
	if ((v = json_object_get(body, "cycle_id")) != NULL &&
	    json_is_integer(v))
		cycle_id = json_integer_value(v);
	db_i64(cycle, (long long)cycle_id);
	if (db_begin(req->db) == -1 ||
	    (res = DB_EXEC(req->db, SQL_OUTBOX_UNHOLD, cycle)) == NULL)
		goto out;
	released = db_int(res, 0, "released");
	detail = cycle_id != 0 ? json_pack("{s:I, s:I}", "released",
	    (json_int_t)released, "cycle_id", cycle_id) :
	    json_pack("{s:I}", "released", (json_int_t)released);
	/* The object is the outbox; the cycle, if any, is in detail. */
	if (audit_write(req, "outbox.release", "outbox", 0,
	    detail) == -1 || db_commit(req->db) == -1)
		goto out;
	http_json(req, 200, json_pack("{s:I}", "released",
	    (json_int_t)released));
out:
	json_decref(detail);
	PQclear(res);
	json_decref(body);
}
