/*
 * cycle.c: cycles, the year's awards, and their phases.
 */
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

/*
 * GET /api/cycles/current: the cycle open for nominations with its
 * categories, as SQL_CYCLE_CURRENT makes it: {"id", "name", "phase",
 * "letters_max", "exit_url", "nominations_close_at", "categories":
 * [{"id", "name", "description"}]}.  200; 404 when no cycle is open; 503.
 */
void
cycle_current(struct req *req)
{
	PGresult	*res;

	if ((res = DB_EXEC0(req->db, SQL_CYCLE_CURRENT)) == NULL)
		return;
	if (PQntuples(res) == 0)
		http_error(req, 404, "no_open_cycle",
		    "no cycle is open for nominations", NULL);
	else
		http_json(req, 200, db_json_row(res, 0));
	PQclear(res);
}

/* The settings POST and PATCH both take, after the name. */
#define CYCLE_SETTINGS_FIELDS \
	{ .name = "nominations_open_at", .type = VALID_TIME }, \
	{ .name = "nominations_close_at", .type = VALID_TIME }, \
	{ .name = "scoring_close_at", .type = VALID_TIME }, \
	{ .name = "reviewers_per_candidate", .type = VALID_INT, \
	    .lo = 1, .hi = 50 }, \
	{ .name = "blind", .type = VALID_BOOL }, \
	{ .name = "notify_nominees", .type = VALID_BOOL }, \
	{ .name = "letters_max", .type = VALID_INT, .lo = 0, .hi = 3 }, \
	{ .name = "announce_to", .type = VALID_EMAIL, .min = 3, .max = 254 }, \
	{ .name = "contact_email", .type = VALID_EMAIL, .min = 3, \
	    .max = 254 }, \
	{ .name = "exit_url", .type = VALID_URL, .min = 10, .max = 2000 }

const struct valid_field cycle_create_fields[] = {
	{ .name = "name", .type = VALID_TEXT,
	    .required = 1, .min = 1, .max = 200 },
	CYCLE_SETTINGS_FIELDS,
	{ .name = NULL }
};

/* The same settings, none required: PATCH changes those it names. */
static const struct valid_field cycle_patch_fields[] = {
	{ .name = "name", .type = VALID_TEXT, .min = 1, .max = 200 },
	CYCLE_SETTINGS_FIELDS,
	{ .name = NULL }
};

const struct valid_field cycle_phase_fields[] = {
	{ .name = "phase", .type = VALID_ENUM, .required = 1,
	    .choices = phase_names },
	{ .name = NULL }
};

/* The phases a cycle in phase may move to, as a new JSON array. */
static json_t *
cycle_moves(const char *phase)
{
	json_t	*moves = json_array();
	int	 i;

	for (i = 0; i < PHASE__MAX; i++)
		if (phase_move_allowed(phase, phase_names[i]))
			json_array_append_new(moves,
			    json_string(phase_names[i]));
	return moves;
}

/*
 * The whole cycle id as an organizer sees it: settings, counts, the moves
 * its phase allows, categories and criteria.  Returns a new reference;
 * NULL with *found 0 when there is no such cycle, NULL with *found 1 on a
 * database failure.
 */
static json_t *
cycle_json(struct db *db, int64_t id, int *found)
{
	PGresult	*res, *cats = NULL, *crits = NULL;
	json_t		*out = NULL;
	char		 idtext[24];

	*found = 1;
	db_i64(idtext, (long long)id);
	if ((res = DB_EXEC(db, SQL_CYCLE_GET, idtext)) == NULL)
		return NULL;
	if (PQntuples(res) == 0) {
		*found = 0;
		goto out;
	}
	if ((cats = DB_EXEC(db, SQL_CATEGORY_LIST, idtext)) == NULL ||
	    (crits = DB_EXEC(db, SQL_CRITERION_LIST, idtext)) == NULL)
		goto out;
	out = db_json_row(res, 0);
	json_object_set_new(out, "moves", cycle_moves(db_text(res, 0,
	    "phase")));
	json_object_set_new(out, "categories", db_json_rows(cats));
	json_object_set_new(out, "criteria", db_json_rows(crits));
out:
	PQclear(crits);
	PQclear(cats);
	PQclear(res);
	return out;
}

/*
 * Answers 200 (or status) with cycle id as cycle_json() makes it, or the
 * database failure.
 */
static void
cycle_answer(struct req *req, int status, int64_t id)
{
	json_t	*out;
	int	 found;

	if ((out = cycle_json(req->db, id, &found)) != NULL)
		http_json(req, status, out);
	else if (!found)
		http_error(req, 404, "not_found", "no such cycle", NULL);
	else
		http_db_error(req);
}

/*
 * Checks the dates cycle id (0: a new one) would have with the settings
 * of body (text, JSON) against each other.  Returns 0 when in order, or
 * -1 after answering 422 naming the field (the later date, or the one the
 * body changes) or the database failure.
 */
static int
cycle_dates_check(struct req *req, int64_t id, json_t *body,
    const char *text)
{
	PGresult	*res;
	const char	*field = NULL, *why = NULL;
	char		 idtext[24];
	int		 has_open, has_close, has_scoring;

	if ((res = DB_EXEC(req->db, SQL_CYCLE_DATES,
	    db_i64(idtext, (long long)id), text)) == NULL) {
		http_db_error(req);
		return -1;
	}
	has_open = json_object_get(body, "nominations_open_at") != NULL;
	has_close = json_object_get(body, "nominations_close_at") != NULL;
	has_scoring = json_object_get(body, "scoring_close_at") != NULL;
	if (!db_bool(res, 0, "close_after_open")) {
		if (has_close || !has_open) {
			field = "nominations_close_at";
			why = "must be after nominations_open_at";
		} else {
			field = "nominations_open_at";
			why = "must be before nominations_close_at";
		}
	} else if (!db_bool(res, 0, "scoring_after_close")) {
		if (has_scoring || !has_close) {
			field = "scoring_close_at";
			why = "must not be before nominations_close_at";
		} else {
			field = "nominations_close_at";
			why = "must not be after scoring_close_at";
		}
	} else if (!db_bool(res, 0, "scoring_after_open")) {
		field = has_scoring || !has_open ? "scoring_close_at" :
		    "nominations_open_at";
		why = has_scoring || !has_open ?
		    "must be after nominations_open_at" :
		    "must be before scoring_close_at";
	}
	PQclear(res);
	if (field == NULL)
		return 0;
	http_error(req, 422, "invalid", "the dates are not in order",
	    json_pack("{s:s}", field, why));
	return -1;
}

/*
 * POST /api/cycles (organizer): {"name", "nominations_open_at",
 * "nominations_close_at", "scoring_close_at", "reviewers_per_candidate",
 * "blind", "notify_nominees", "announce_to", "contact_email",
 * "exit_url"} (name
 * required) creates a cycle in draft.  201 the cycle (as GET); 400
 * malformed; 415; 422 invalid (dates out of order name the field); 503.
 */
void
cycle_create(struct req *req)
{
	json_t		*body, *value;
	PGresult	*res = NULL;
	char		*text = NULL, id[24];
	const char	*key;
	void		*next;

	if ((body = valid_body(req, cycle_create_fields)) == NULL)
		return;
	/* A null asks for the default, which the table holds: leave it out. */
	json_object_foreach_safe(body, next, key, value)
		if (json_is_null(value))
			json_object_del(body, key);
	if ((text = json_dumps(body, JSON_COMPACT)) == NULL) {
		http_internal(req, "cycle: encode");
		goto out;
	}
	if (cycle_dates_check(req, 0, body, text) == -1)
		goto out;
	if (db_begin(req->db) == -1 ||
	    (res = DB_EXEC(req->db, SQL_CYCLE_INSERT, json_string_value(
	    json_object_get(body, "name")))) == NULL)
		goto out;
	db_i64(id, db_int(res, 0, "id"));
	if (db_command(req->db, SQL_CYCLE_UPDATE, 2, DB_ARGS(id, text)) ==
	    -1 || audit_write(req, "cycle.create", "cycle",
	    db_int(res, 0, "id"), NULL) == -1 || db_commit(req->db) == -1)
		goto out;
	cycle_answer(req, 201, db_int(res, 0, "id"));
out:
	PQclear(res);
	free(text);
	json_decref(body);
}

/*
 * GET /api/cycles/{id} (organizer): the cycle with its settings, counts
 * ("eligible_candidates", "to_screen", "assignments"), the phases it may
 * move to ("moves"), its categories and its criteria.  200; 404; 503.
 */
void
cycle_get(struct req *req)
{
	cycle_answer(req, 200, req->ids[0]);
}

/*
 * GET /api/cycles?page=&per_page= (organizer): every cycle, newest first.
 * 200 {"cycles": [{"id", "name", "phase", "nominations_open_at",
 * "nominations_close_at", "scoring_close_at", "created_at"}], "page",
 * "per_page", "total"}; 422 bad paging; 503.
 */
void
cycle_list(struct req *req)
{
	http_page_list(req, SQL_CYCLE_LIST, SQL_CYCLE_COUNT, "cycles");
}

/*
 * PATCH /api/cycles/{id} (organizer): changes the settings the body
 * names (the fields of POST /api/cycles); null clears a date,
 * announce_to, contact_email or exit_url.  200 the cycle; 400
 * malformed; 404; 409 wrong_phase (announced, or blind switched off
 * after draft); 415; 422 invalid (dates out of order name the field;
 * null for a setting that cannot be empty; exit_url not an http(s)
 * address); 503.
 */
void
cycle_patch(struct req *req)
{
	static const char *const required[] = { "name",
	    "reviewers_per_candidate", "blind", "notify_nominees",
	    "letters_max", NULL };
	json_t		*body, *fields = NULL;
	PGresult	*res = NULL;
	char		*text = NULL, id[24];
	size_t		 i;
	enum action	 action;

	if ((body = valid_body(req, cycle_patch_fields)) == NULL)
		return;
	for (i = 0; required[i] != NULL; i++) {
		if (!json_is_null(json_object_get(body, required[i])))
			continue;
		if (fields == NULL)
			fields = json_object();
		json_object_set_new(fields, required[i],
		    json_string("cannot be empty"));
	}
	if (fields != NULL) {
		http_error(req, 422, "invalid", "some fields are not valid",
		    fields);
		goto out;
	}
	db_i64(id, (long long)req->ids[0]);
	if ((text = json_dumps(body, JSON_COMPACT)) == NULL) {
		http_internal(req, "cycle: encode");
		goto out;
	}
	if ((res = db_begin_find(req, SQL_CYCLE_PHASE_LOCK, "cycle")) == NULL)
		goto out;
	/* Nominators wrote under a blind promise: it holds once made. */
	action = json_is_false(json_object_get(body, "blind")) &&
	    db_bool(res, 0, "blind") ? ACTION_BLIND_OFF :
	    ACTION_CYCLE_SETTINGS;
	if (!phase_guard(req, action, db_text(res, 0, "phase")))
		goto out;
	if (cycle_dates_check(req, req->ids[0], body, text) == -1)
		goto out;
	if (db_command(req->db, SQL_CYCLE_UPDATE, 2, DB_ARGS(id, text)) ==
	    -1 || audit_write(req, "cycle.update", "cycle", req->ids[0],
	    body) == -1 || db_commit(req->db) == -1)
		goto out;
	cycle_answer(req, 200, req->ids[0]);
out:
	PQclear(res);
	free(text);
	json_decref(body);
}

/*
 * POST /api/cycles/{id}/phase (organizer): {"phase"} moves the cycle
 * along the machine of SPEC §3.  200 the cycle; 400 malformed; 404;
 * 409 invalid_transition (not a move the machine allows), no_category or
 * no_close_date or close_date_passed (opening nominations), no_criterion
 * or no_assignment (starting scoring), another_cycle_open (one cycle
 * takes nominations at a time), decisions_missing with "missing" (an
 * eligible candidate without a decision, moving to decided),
 * announce_required (decided -> announced goes through POST
 * /api/cycles/{id}/announce, which mails); 415; 422; 503.
 */
void
cycle_phase(struct req *req)
{
	json_t		*body, *detail = NULL;
	PGresult	*res = NULL;
	const char	*to, *from, *code = NULL, *why = NULL;
	char		 id[24];
	long long	 missing = 0;

	if ((body = valid_body(req, cycle_phase_fields)) == NULL)
		return;
	to = json_string_value(json_object_get(body, "phase"));
	db_i64(id, (long long)req->ids[0]);
	if ((res = db_begin_find(req, SQL_CYCLE_PHASE_LOCK, "cycle")) == NULL)
		goto out;
	from = db_text(res, 0, "phase");
	if (!phase_move_allowed(from, to)) {
		http_error(req, 409, "invalid_transition", "a cycle cannot "
		    "move to this phase from its current one", json_pack(
		    "{s:s, s:s, s:o}", "from", from, "to", to, "allowed",
		    cycle_moves(from)));
		goto out;
	}
	if (strcmp(to, "nominations_open") == 0) {
		if (!db_bool(res, 0, "has_category")) {
			code = "no_category";
			why = "add a category before opening nominations";
		} else if (!db_bool(res, 0, "has_close_date")) {
			code = "no_close_date";
			why = "set nominations_close_at before opening "
			    "nominations";
		} else if (!db_bool(res, 0, "close_ahead")) {
			code = "close_date_passed";
			why = "nominations_close_at is past: move it later "
			    "first";
		}
	} else if (strcmp(to, "scoring") == 0) {
		if (!db_bool(res, 0, "has_criterion")) {
			code = "no_criterion";
			why = "add a criterion before scoring starts";
		} else if (!db_bool(res, 0, "has_assignment")) {
			code = "no_assignment";
			why = "assign candidates to members before scoring "
			    "starts";
		}
	} else if (strcmp(to, "decided") == 0) {
		/* Every eligible candidate needs its decision (decision.c). */
		if (decision_missing(req->db, req->ids[0], &missing) == -1)
			goto out;
		if (missing > 0) {
			http_error(req, 409, "decisions_missing", "decide on "
			    "every eligible candidate first", json_pack(
			    "{s:I}", "missing", (json_int_t)missing));
			goto out;
		}
	} else if (strcmp(to, "announced") == 0) {
		code = "announce_required";
		why = "announce with POST /api/cycles/{id}/announce, which "
		    "queues the announcement mails";
	}
	if (code != NULL) {
		http_error(req, 409, code, why, NULL);
		goto out;
	}
	if (db_command(req->db, SQL_CYCLE_PHASE_SET, 2, DB_ARGS(id, to)) ==
	    -1) {
		db_rollback(req->db);
		if (db_status(req->db) == 409)
			http_error(req, 409, "another_cycle_open", "another "
			    "cycle is open for nominations: close it first",
			    NULL);
		else
			http_db_error(req);
		goto out;
	}
	detail = json_pack("{s:s, s:s}", "from", from, "to", to);
	if (audit_write(req, "cycle.phase", "cycle", req->ids[0], detail) ==
	    -1 || db_commit(req->db) == -1)
		goto out;
	meeting_cache_clear();
	cycle_answer(req, 200, req->ids[0]);
out:
	json_decref(detail);
	PQclear(res);
	json_decref(body);
}
