/*
 * template.c: mail templates with {{placeholder}} substitution.  A
 * placeholder without a value is an error, never a blank in a mail.
 * Organizers read and edit a cycle's templates here (SPEC §5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

#define TEMPLATE_SUBJECT_MAX	200	/* characters */
#define TEMPLATE_BODY_MAX	20000	/* characters */

/*
 * Every event that mails, with the placeholders its sender provides: the
 * ones its shipped default uses (sql/0002_templates.sql).  An edited
 * template may use only these, so that it always renders.
 */
static const struct template_event {
	const char	*event;
	const char	*names[8];	/* NULL-terminated */
	int		 global;	/* not per cycle: no cycle's copy */
} template_events[] = {
	{ "nomination_created", { "nominator_name", "nominee_name",
	    "cycle_name", "category_name", "confirm_url", NULL }, 0 },
	{ "nomination_confirmed", { "nominator_name", "nominee_name",
	    "cycle_name", "category_name", "manage_url", NULL }, 0 },
	{ "candidate_nominated", { "nominee_name", "cycle_name",
	    "category_name", "base_url", NULL }, 0 },
	{ "user_invited", { "name", "inviter_name", "role_name",
	    "login_url", NULL }, 1 },
	{ "login_link", { "name", "login_url", NULL }, 1 },
	{ "assignments_made", { "name", "count", "cycle_name",
	    "scoring_close_at", "base_url", NULL }, 0 },
	{ "reminder", { "name", "count", "cycle_name", "scoring_close_at",
	    "base_url", NULL }, 0 },
	{ "conflict_declared", { "name", "member_name", "candidate_id",
	    "nominee_name", "category_name", "cycle_name", "base_url",
	    NULL }, 0 },
	{ "announcement_awardee", { "nominee_name", "cycle_name",
	    "category_name", "base_url", "cycle_id", NULL }, 0 },
	{ "announcement_nominator", { "nominator_name", "cycle_name",
	    "nominee_name", "base_url", "cycle_id", NULL }, 0 },
	{ "announcement_thanks", { "nominator_name", "cycle_name",
	    "nominee_name", "base_url", "cycle_id", NULL }, 0 },
	{ "announcement_list", { "cycle_name", "awardees", "base_url",
	    "cycle_id", NULL }, 0 },
};

#define TEMPLATE_EVENT__MAX \
	(sizeof(template_events) / sizeof(template_events[0]))

/* A growing string. */
struct buf {
	char	*s;
	size_t	 len, cap;
};

/* Appends n bytes of p to b.  Returns 0, or -1 when out of memory. */
static int
buf_append(struct buf *b, const char *p, size_t n)
{
	char	*s;

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		if ((s = realloc(b->s, b->cap)) == NULL)
			return -1;
		b->s = s;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

/*
 * Renders tpl with the string values of the JSON object values.  On
 * success returns 0 and sets *out to a string the caller frees.  On
 * failure returns -1, *out is NULL and why says which placeholder.
 */
int
template_render(const char *tpl, json_t *values, char **out, char *why,
    size_t whysz)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*p = tpl, *open, *close, *value;
	char		 name[64];
	size_t		 nlen;

	*out = NULL;
	if (buf_append(&b, "", 0) == -1)
		goto oom;
	while ((open = strstr(p, "{{")) != NULL) {
		if (buf_append(&b, p, (size_t)(open - p)) == -1)
			goto oom;
		close = strstr(open + 2, "}}");
		nlen = close == NULL ? 0 : (size_t)(close - open - 2);
		if (close == NULL || nlen == 0 || nlen >= sizeof(name)) {
			snprintf(why, whysz, "unterminated or empty "
			    "placeholder");
			goto fail;
		}
		memcpy(name, open + 2, nlen);
		name[nlen] = '\0';
		value = json_string_value(json_object_get(values, name));
		if (value == NULL) {
			snprintf(why, whysz, "no value for {{%s}}", name);
			goto fail;
		}
		if (buf_append(&b, value, strlen(value)) == -1)
			goto oom;
		p = close + 2;
	}
	if (buf_append(&b, p, strlen(p)) == -1)
		goto oom;
	*out = b.s;
	return 0;
oom:
	snprintf(why, whysz, "out of memory");
fail:
	free(b.s);
	return -1;
}

/*
 * Whether every {{placeholder}} of tpl is one of names (NULL-terminated):
 * lets an organizer's edited template be refused when it asks for a value
 * its event never has.  Returns 1, or 0 with the culprit in why.
 */
int
template_check(const char *tpl, const char *const *names, char *why,
    size_t whysz)
{
	const char	*open = tpl, *close;
	size_t		 nlen, i;
	int		 known;

	while ((open = strstr(open, "{{")) != NULL) {
		if ((close = strstr(open + 2, "}}")) == NULL) {
			snprintf(why, whysz, "unterminated placeholder");
			return 0;
		}
		nlen = (size_t)(close - open - 2);
		known = 0;
		for (i = 0; names[i] != NULL && !known; i++)
			known = strlen(names[i]) == nlen &&
			    strncmp(names[i], open + 2, nlen) == 0;
		if (!known) {
			snprintf(why, whysz, "unknown placeholder {{%.*s}}",
			    (int)(nlen > 40 ? 40 : nlen), open + 2);
			return 0;
		}
		open = close + 2;
	}
	return 1;
}

/*
 * The event named name whose mails belong to a cycle, or NULL when there
 * is none.  Invitations and login links belong to no cycle: a cycle's
 * copy of their template would never be used, so it cannot be made.
 */
static const struct template_event *
template_event_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < TEMPLATE_EVENT__MAX; i++)
		if (strcmp(template_events[i].event, name) == 0)
			return template_events[i].global ? NULL :
			    &template_events[i];
	return NULL;
}

/*
 * Answers the template of te that cycle req->ids[0] uses: {"event",
 * "subject", "body", "placeholders", "custom"}.  Answers 404 itself when
 * the cycle does not exist.  Returns 0, or -1 on a database failure
 * (not answered).
 */
static int
template_answer(struct req *req, const struct template_event *te)
{
	PGresult	*res;
	json_t		*names;
	char		 cycle[24];
	size_t		 i;

	res = DB_EXEC(req->db, SQL_TEMPLATE_OF_CYCLE,
	    db_i64(cycle, (long long)req->ids[0]), te->event);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 0 || PQgetisnull(res, 0, 0)) {
		http_error(req, 404, "not_found", PQntuples(res) == 0 ?
		    "no such cycle" : "no template for this event", NULL);
		PQclear(res);
		return 0;
	}
	names = json_array();
	for (i = 0; te->names[i] != NULL; i++)
		json_array_append_new(names, json_string(te->names[i]));
	http_json(req, 200, json_pack("{s:s, s:s, s:s, s:o, s:b}",
	    "event", te->event, "subject", PQgetvalue(res, 0, 0),
	    "body", PQgetvalue(res, 0, 1), "placeholders", names,
	    "custom", strcmp(PQgetvalue(res, 0, 2), "t") == 0));
	PQclear(res);
	return 0;
}

/*
 * GET /api/cycles/{id}/templates/{event} (organizer): the template the
 * cycle mails for event, its own or else the shipped default.  200
 * {"event", "subject", "body", "placeholders": [names it may use],
 * "custom": whether it is the cycle's own}; 404 no such cycle or event;
 * 503.
 */
void
template_get(struct req *req)
{
	const struct template_event	*te;

	if ((te = template_event_find(req->segment)) == NULL) {
		http_error(req, 404, "not_found", "no such mail event", NULL);
		return;
	}
	if (template_answer(req, te) == -1)
		http_db_error(req);
}

/*
 * Checks an edited subject and body (NULL: missing) against te, adding a
 * message per bad field to fields.  Returns 1 when both are good.
 */
static int
template_valid(const struct template_event *te, const char *subject,
    const char *body, json_t *fields)
{
	char	 why[96];
	size_t	 n;

	if (subject == NULL || (n = valid_chars(subject)) == 0)
		json_object_set_new(fields, "subject",
		    json_string("required"));
	else if (!valid_utf8_text(subject, strlen(subject), 0))
		json_object_set_new(fields, "subject", json_string("must be "
		    "one line without control characters"));
	else if (n > TEMPLATE_SUBJECT_MAX)
		json_object_set_new(fields, "subject",
		    json_string("must be at most 200 characters"));
	else if (!template_check(subject, te->names, why, sizeof(why)))
		json_object_set_new(fields, "subject", json_string(why));
	else if (strstr(subject, "_url}}") != NULL)
		/* Subjects are listed in the outbox: no live link there. */
		json_object_set_new(fields, "subject", json_string("links "
		    "belong in the body"));
	if (body == NULL || (n = valid_chars(body)) == 0)
		json_object_set_new(fields, "body", json_string("required"));
	else if (!valid_utf8_text(body, strlen(body), 1))
		json_object_set_new(fields, "body", json_string("must be "
		    "text without control characters but newline and tab"));
	else if (n > TEMPLATE_BODY_MAX)
		json_object_set_new(fields, "body",
		    json_string("must be at most 20000 characters"));
	else if (!template_check(body, te->names, why, sizeof(why)))
		json_object_set_new(fields, "body", json_string(why));
	return json_object_size(fields) == 0;
}

/*
 * PUT /api/cycles/{id}/templates/{event} (organizer): {"subject", "body"}
 * becomes the cycle's own template of event, used by every mail of the
 * event queued for the cycle from then on.  200 the template as GET
 * answers it; 400 malformed, unknown fields or wrong types; 404 no such
 * cycle or event; 415; 422 with fields (length, control characters, a
 * placeholder the event does not provide); 503.
 */
void
template_put(struct req *req)
{
	static const char *const names[] = { "subject", "body", NULL };
	const struct template_event	*te;
	const char	*v[2];
	json_t		*body = NULL, *fields = NULL, *detail = NULL;
	PGresult	*res = NULL;
	char		 cycle[24];

	if ((te = template_event_find(req->segment)) == NULL) {
		http_error(req, 404, "not_found", "no such mail event", NULL);
		return;
	}
	if ((body = http_body_json(req)) == NULL)
		return;
	if (user_body_strings(req, body, names, v) == -1)
		goto out;
	fields = json_object();
	if (!template_valid(te, v[0], v[1], fields)) {
		http_error(req, 422, "invalid", "some fields are not valid",
		    fields);
		fields = NULL;
		goto out;
	}
	detail = json_pack("{s:s}", "event", te->event);
	db_i64(cycle, (long long)req->ids[0]);
	if (db_begin(req->db) == -1 ||
	    (res = DB_EXEC(req->db, SQL_TEMPLATE_UPSERT, cycle, te->event,
	    v[0], v[1])) == NULL ||
	    audit_write(req, "template.update", "cycle", req->ids[0],
	    detail) == -1 || db_commit(req->db) == -1) {
		db_rollback(req->db);
		if (db_status(req->db) == 404)
			http_error(req, 404, "not_found", "no such cycle",
			    NULL);
		else
			http_db_error(req);
		goto out;
	}
	if (template_answer(req, te) == -1)
		http_db_error(req);
out:
	PQclear(res);
	json_decref(detail);
	json_decref(fields);
	json_decref(body);
}
