/*
 * template.c: organizers read and edit a cycle's mail templates (SPEC §5).
 * Rendering is in render.c, the events and their placeholders in event.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

#define TEMPLATE_SUBJECT_MAX	200	/* characters */
#define TEMPLATE_BODY_MAX	20000	/* characters */

/*
 * The event named name whose mails belong to a cycle, or NULL when there
 * is none.  Invitations and login links belong to no cycle: a cycle's
 * copy of their template would never be used, so it cannot be made.
 */
static const struct mail_event_info *
template_event_find(const char *name)
{
	int	 e;

	if ((e = event_parse(name)) == -1 || mail_events[e].global)
		return NULL;
	return &mail_events[e];
}

/*
 * The language asked for in the query (?lang=xx) into lang (at least 8
 * bytes): "" when none was (the cycle's default language).  Returns 0,
 * or -1 after answering 422 for a language there is no catalogue of.
 */
static int
template_lang_query(struct req *req, char *lang, size_t langsz)
{
	int	 got;

	lang[0] = '\0';
	got = http_query_get(req, "lang", lang, langsz);
	if (got == 0)
		lang[0] = '\0';
	else if (got == -1 || !lang_supported(lang)) {
		http_error(req, 422, "invalid", "some fields are not valid",
		    json_pack("{s:s}", "lang", "not a language of the "
		    "awards"));
		return -1;
	}
	return 0;
}

/*
 * Answers the template of te in language lang ("": the cycle's default)
 * that cycle req->ids[0] uses: {"event", "lang", "subject", "body",
 * "placeholders", "custom", "fallback"}.  Answers 404 itself when the
 * cycle does not exist.  Returns 0, or -1 on a database failure (not
 * answered).
 */
static int
template_answer(struct req *req, const struct mail_event_info *te,
    const char *lang)
{
	PGresult	*res;
	json_t		*names, *answer;
	char		 cycle[24];
	size_t		 i;

	res = DB_EXEC(req->db, SQL_TEMPLATE_OF_CYCLE,
	    db_i64(cycle, (long long)req->ids[0]), te->name, lang);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 0 || db_isnull(res, 0, "subject")) {
		http_error(req, 404, "not_found", PQntuples(res) == 0 ?
		    "no such cycle" : "no template for this event", NULL);
		PQclear(res);
		return 0;
	}
	names = json_array();
	for (i = 0; te->names[i] != NULL; i++)
		json_array_append_new(names, json_string(te->names[i]));
	/*
	 * fallback: the language asked for has no template of its own, so
	 * its readers get this one (SQL_TEMPLATE_FIND), until one is PUT.
	 */
	answer = json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:b, s:s}",
	    "event", te->name, "lang", db_text(res, 0, "asked"),
	    "subject", db_text(res, 0, "subject"),
	    "body", db_text(res, 0, "body"), "placeholders", names,
	    "custom", db_bool(res, 0, "own"),
	    "fallback", strcmp(db_text(res, 0, "lang"),
	    db_text(res, 0, "asked")) != 0,
	    "fallback_lang", db_text(res, 0, "lang"));
	http_json(req, 200, answer);
	PQclear(res);
	return 0;
}

/*
 * GET /api/cycles/{id}/templates/{event}?lang=xx (organizer): the
 * template the cycle mails for event in language xx (without lang: the
 * cycle's default language), its own or else the shipped default, or
 * when that language has neither, the one its readers get instead.  200
 * {"event", "lang" (asked), "subject", "body", "placeholders": [names it
 * may use], "custom": whether it is the cycle's own in that language,
 * "fallback": whether it is another language's, "fallback_lang": the
 * language of subject and body}; 404 no such cycle or event; 422 an
 * unknown language; 503.
 */
void
template_get(struct req *req)
{
	const struct mail_event_info	*te;
	char				 lang[8];

	if ((te = template_event_find(req->segment)) == NULL) {
		http_error(req, 404, "not_found", "no such mail event", NULL);
		return;
	}
	if (template_lang_query(req, lang, sizeof(lang)) == -1)
		return;
	if (template_answer(req, te, lang) == -1)
		http_db_error(req);
}

static const struct valid_field template_fields[] = {
	{ .name = "subject", .type = VALID_TEXT, .required = 1,
	    .min = 1, .max = TEMPLATE_SUBJECT_MAX },
	{ .name = "body", .type = VALID_LONGTEXT, .required = 1,
	    .min = 1, .max = TEMPLATE_BODY_MAX },
	{ .name = "lang", .type = VALID_ENUM, .choices = languages },
	{ .name = NULL }
};

/*
 * Checks the placeholders of an edited subject and body (valid_body()
 * checked the rest) against te, adding a message per bad field to
 * fields.  Returns 1 when both are good.
 */
static int
template_valid(const struct mail_event_info *te, const char *subject,
    const char *body, json_t *fields)
{
	char	 why[96];

	if (!render_check(subject, te->names, why, sizeof(why)))
		json_object_set_new(fields, "subject", json_string(why));
	else if (strstr(subject, "_url}}") != NULL)
		/* Subjects are listed in the outbox: no live link there. */
		json_object_set_new(fields, "subject", json_string("links "
		    "belong in the body"));
	if (!render_check(body, te->names, why, sizeof(why)) ||
	    !render_links_alone(body, why, sizeof(why)))
		json_object_set_new(fields, "body", json_string(why));
	return json_object_size(fields) == 0;
}

/*
 * PUT /api/cycles/{id}/templates/{event}?lang=xx (organizer): {"subject",
 * "body", "lang"} becomes the cycle's own template of event in language
 * xx (the body's lang, else the query's, else the cycle's default
 * language), used by every mail of the event in that language queued for
 * the cycle from then on.  200 the template as GET answers it; 400 malformed, unknown fields or wrong types; 404 no such
 * cycle or event; 409 wrong_phase (announced); 415; 422 with fields
 * (length, control characters, a placeholder the event does not
 * provide); 503.
 */
void
template_put(struct req *req)
{
	const struct mail_event_info	*te;
	const char	*v[3];
	json_t		*body = NULL, *fields = NULL, *detail = NULL;
	PGresult	*res = NULL;
	char		 cycle[24], lang[8];

	if ((te = template_event_find(req->segment)) == NULL) {
		http_error(req, 404, "not_found", "no such mail event", NULL);
		return;
	}
	if (template_lang_query(req, lang, sizeof(lang)) == -1)
		return;
	if ((body = valid_body(req, template_fields)) == NULL)
		return;
	v[0] = json_string_value(json_object_get(body, "subject"));
	v[1] = json_string_value(json_object_get(body, "body"));
	if ((v[2] = json_string_value(json_object_get(body, "lang"))) != NULL)
		snprintf(lang, sizeof(lang), "%s", v[2]);
	fields = json_object();
	if (!template_valid(te, v[0], v[1], fields)) {
		http_error(req, 422, "invalid", "some fields are not valid",
		    fields);
		fields = NULL;
		goto out;
	}
	detail = json_pack("{s:s, s:s}", "event", te->name, "lang", lang);
	db_i64(cycle, (long long)req->ids[0]);
	if ((res = db_begin_find(req, SQL_CYCLE_PHASE_SHARE, "cycle")) == NULL)
		goto out;
	if (!phase_guard(req, ACTION_TEMPLATES, db_text(res, 0, "phase")))
		goto out;
	if (db_command(req->db, SQL_TEMPLATE_UPSERT, 5, DB_ARGS(cycle,
	    te->name, v[0], v[1], lang)) == -1 ||
	    audit_write(req, "template.update", "cycle", req->ids[0],
	    detail) == -1 || db_commit(req->db) == -1)
		goto out;
	if (template_answer(req, te, lang) == -1)
		http_db_error(req);
out:
	PQclear(res);
	json_decref(detail);
	json_decref(fields);
	json_decref(body);
}
