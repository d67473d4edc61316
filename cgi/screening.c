/*
 * screening.c: organizers read every candidate of a cycle with every
 * confirmed nomination (nominators included) and mark nominations
 * eligible or ineligible with a reason (SPEC §3, §4).  A candidate reaches
 * the committee only once one of its nominations is eligible; a pending
 * nomination is never listed.  Screening a nomination eligible tells the
 * nominee, once per candidate, when the cycle says so and the nominator
 * consented (SPEC §1, §5), never saying by whom.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

static const char *const screening_statuses[] = { "eligible",
    "ineligible", NULL };

static const struct valid_field screening_fields[] = {
	{ .name = "status", .type = VALID_ENUM, .required = 1,
	    .choices = screening_statuses },
	{ .name = "reason", .type = VALID_LONGTEXT, .max = 2000 },
	{ .name = NULL }
};

/*
 * GET /api/cycles/{id}/candidates?category=&status=&page=&per_page=
 * (organizer): the candidates with at least one confirmed nomination (of
 * that status, when given: submitted, eligible, ineligible or withdrawn),
 * of one category when given, by id, each with every confirmed
 * nomination, nominators included, whether it was edited since it was
 * screened (back in submitted), and its referees with their letters
 * ("referees": [{"name","email","relationship","letter","letter_at"}]).
 * 200 {"candidates": [{"id", "category_id", "category_name",
 * "nominee_name", "nominee_affiliation", "status", "eligible",
 * "reviewers", "declined_by_nominee", "private", "nominations": [...]}],
 * "page",
 * "per_page", "total", "unconfirmed" (nominations of the cycle waiting
 * for their nominator: only counted, never shown)}; 404 no such cycle;
 * 422 bad query; 503.
 */
void
screening_list(struct req *req)
{
	static const char *const statuses[] = { "submitted", "eligible",
	    "ineligible", "withdrawn", "declined", NULL };
	PGresult	*res = NULL, *count = NULL;
	json_t		*fields, *page;
	struct page	 pg;
	char		 cycle[24], status[16], key[24];
	const char	*category_p = NULL, *status_p = NULL;
	long long	 category;
	size_t		 i;
	int		 got;

	fields = json_object();
	if ((got = http_query_get(req, "status", status, sizeof(status))) ==
	    1) {
		for (i = 0; statuses[i] != NULL; i++)
			if (strcmp(statuses[i], status) == 0)
				break;
		if (statuses[i] == NULL)
			got = -1;
		else
			status_p = status;
	}
	if (got == -1)
		json_object_set_new(fields, "status", json_string("must be "
		    "submitted, eligible, ineligible, withdrawn or declined"));
	if (http_query_int(req, "category", 0, 1000000000000000LL, &category,
	    fields) == 0 && category > 0)
		category_p = db_i64(key, category);
	if (http_page(req, &pg, fields) == -1)
		return;
	db_i64(cycle, (long long)req->ids[0]);
	if ((res = DB_EXEC(req->db, SQL_SCREEN_CYCLE, cycle)) == NULL)
		goto out;
	if (!http_row_found(req, res, "cycle"))
		goto out;
	PQclear(res);
	if ((res = DB_EXEC(req->db, SQL_SCREEN_CANDIDATES, cycle, category_p,
	    status_p, pg.limit, pg.offset)) == NULL ||
	    (count = DB_EXEC(req->db, SQL_SCREEN_COUNT, cycle, category_p,
	    status_p)) == NULL)
		goto out;
	page = http_page_json(&pg, "candidates", db_json_rows(res),
	    db_int(count, 0, "total"));
	json_object_set_new(page, "unconfirmed",
	    json_integer((json_int_t)db_int(count, 0, "unconfirmed")));
	http_json(req, 200, page);
out:
	PQclear(count);
	PQclear(res);
}

/*
 * Queues the nominee's mail of the nomination in row 0 of res
 * (SQL_NOMINATION_SCREEN_FIND) inside the open transaction, when its
 * cycle notifies nominees and its nominator consented: once per
 * candidate (the dedupe key, and the nominee's link, given once), naming
 * neither nominator nor statement; the mail carries the nominee's link,
 * in the language of the nominator who made the nomination screened.
 * Returns 0, or -1 on a failure.
 */
static int
screening_notify(struct db *db, const PGresult *res)
{
	json_t	*values;
	char	 key[64], *url = NULL;
	int	 rc;

	if (!db_bool(res, 0, "notify_nominees") ||
	    !db_bool(res, 0, "consent_contact_nominee"))
		return 0;
	/* The link comes with the first mail; a nominee with one was told. */
	if ((rc = nominee_link(db, db_text(res, 0, "candidate_id"), &url)) !=
	    1)
		return rc;
	values = json_pack("{s:s, s:s, s:s, s:s, s:s}",
	    "nominee_name", db_text(res, 0, "nominee_name"),
	    "cycle_name", db_text(res, 0, "cycle_name"),
	    "category_name", db_text(res, 0, "category_name"),
	    "base_url", config.base_url, "nominee_url", url);
	free(url);
	snprintf(key, sizeof(key), "%s",
	    db_text(res, 0, "candidate_id"));
	rc = values == NULL ? -1 : outbox_queue(db, db_int(res, 0,
	    "cycle_id"), EVENT_CANDIDATE_NOMINATED, db_text(res, 0, "lang"),
	    db_text(res, 0, "nominee_email"), db_text(res, 0, "nominee_name"),
	    values, key, 0);
	json_decref(values);
	return rc;
}

/*
 * PATCH /api/nominations/{id} (organizer): {"status": "eligible" |
 * "ineligible", "reason"} screens a confirmed nomination; a reason is
 * required for ineligible.  Eligible may queue the nominee's mail (see
 * screening_notify).  200 {"id", "status", "reason", "candidate_id"};
 * 400; 404; 409 wrong_phase (after scoring) or not_screenable (pending
 * or withdrawn); 415; 422; 503.
 */
void
screening_patch(struct req *req)
{
	json_t		*body, *detail = NULL;
	PGresult	*res = NULL, *upd = NULL;
	const char	*status, *reason, *was;
	char		 id[24];

	if ((body = valid_body(req, screening_fields)) == NULL)
		return;
	status = json_string_value(json_object_get(body, "status"));
	reason = json_string_value(json_object_get(body, "reason"));
	if (reason == NULL)
		reason = "";
	if (strcmp(status, "ineligible") == 0 && reason[0] == '\0') {
		http_error(req, 422, "invalid", "say why it is ineligible",
		    json_pack("{s:s}", "reason", "is required"));
		goto out;
	}
	db_i64(id, (long long)req->ids[0]);
	if ((res = db_begin_find(req, SQL_NOMINATION_SCREEN_FIND,
	    "nomination")) == NULL)
		goto out;
	if (!phase_guard(req, ACTION_SCREEN, db_text(res, 0, "phase")))
		goto out;
	was = db_text(res, 0, "status");
	if (strcmp(was, "pending") == 0 || strcmp(was, "withdrawn") == 0 ||
	    strcmp(was, "declined") == 0) {
		http_error(req, 409, "not_screenable", strcmp(was, "pending")
		    == 0 ? "this nomination is not confirmed yet" :
		    strcmp(was, "declined") == 0 ? "declined by the nominee" :
		    "this nomination was withdrawn", NULL);
		goto out;
	}
	detail = json_pack("{s:s, s:s}", "from", was, "to", status);
	if ((upd = DB_EXEC(req->db, SQL_NOMINATION_SCREEN, id, status,
	    reason)) == NULL ||
	    (strcmp(status, "eligible") == 0 &&
	    screening_notify(req->db, res) == -1) ||
	    audit_write(req, "nomination.screen", "nomination", req->ids[0],
	    detail) == -1 || db_commit(req->db) == -1)
		goto out;
	http_json(req, 200, json_pack("{s:I, s:s, s:s, s:I}",
	    "id", (json_int_t)db_int(upd, 0, "id"),
	    "status", db_text(upd, 0, "status"),
	    "reason", db_text(upd, 0, "screening_reason"),
	    "candidate_id", (json_int_t)db_int(upd, 0, "candidate_id")));
out:
	json_decref(detail);
	PQclear(upd);
	PQclear(res);
	json_decref(body);
}
