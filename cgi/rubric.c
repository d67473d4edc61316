/*
 * rubric.c: a cycle's categories and criteria (SPEC §3): added, changed
 * and deleted only while the cycle is in draft (409 wrong_phase after), so
 * nominations and scores always refer to what the nominators and the
 * committee saw.  A criterion scores on an integer scale from min to max
 * with words for its end points (min_label, max_label).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

static const struct valid_field category_fields[] = {
	{ .name = "name", .type = VALID_TEXT,
	    .required = 1, .min = 1, .max = 200 },
	{ .name = "description", .type = VALID_LONGTEXT, .max = 2000 },
	{ .name = "max_awardees", .type = VALID_INT, .lo = 1, .hi = 1000 },
	{ .name = NULL }
};

static const struct valid_field category_patch_fields[] = {
	{ .name = "name", .type = VALID_TEXT, .min = 1, .max = 200 },
	{ .name = "description", .type = VALID_LONGTEXT, .max = 2000 },
	{ .name = "max_awardees", .type = VALID_INT, .lo = 1, .hi = 1000 },
	{ .name = NULL }
};

static const struct valid_field criterion_fields[] = {
	{ .name = "name", .type = VALID_TEXT,
	    .required = 1, .min = 1, .max = 200 },
	{ .name = "description", .type = VALID_LONGTEXT, .max = 2000 },
	{ .name = "weight", .type = VALID_NUMBER, .hi = 100 },
	{ .name = "min", .type = VALID_INT, .lo = 0, .hi = 100 },
	{ .name = "max", .type = VALID_INT, .lo = 1, .hi = 100 },
	{ .name = "min_label", .type = VALID_TEXT, .max = 100 },
	{ .name = "max_label", .type = VALID_TEXT, .max = 100 },
	{ .name = NULL }
};

static const struct valid_field criterion_patch_fields[] = {
	{ .name = "name", .type = VALID_TEXT, .min = 1, .max = 200 },
	{ .name = "description", .type = VALID_LONGTEXT, .max = 2000 },
	{ .name = "weight", .type = VALID_NUMBER, .hi = 100 },
	{ .name = "min", .type = VALID_INT, .lo = 0, .hi = 100 },
	{ .name = "max", .type = VALID_INT, .lo = 1, .hi = 100 },
	{ .name = "min_label", .type = VALID_TEXT, .max = 100 },
	{ .name = "max_label", .type = VALID_TEXT, .max = 100 },
	{ .name = NULL }
};

/*
 * Answers 422 naming a field that is null in body although it cannot be
 * empty (PATCH: null clears nothing here).  Returns 1 after answering,
 * else 0.
 */
static int
rubric_nulls(struct req *req, json_t *body)
{
	const char	*key;
	json_t		*value, *fields = NULL;

	json_object_foreach(body, key, value) {
		if (!json_is_null(value))
			continue;
		if (fields == NULL)
			fields = json_object();
		json_object_set_new(fields, key,
		    json_string("cannot be empty"));
	}
	if (fields == NULL)
		return 0;
	http_error(req, 422, "invalid", "some fields are not valid", fields);
	return 1;
}

/*
 * Checks a criterion's scale: the body's min and max, else the current
 * ones (min, max), must have min < max.  Returns 0, or -1 after answering
 * 422 naming the field the body sent.
 */
static int
rubric_scale_check(struct req *req, json_t *body, long long min,
    long long max)
{
	json_t	*a, *b;

	if (body == NULL)
		return 0;
	a = json_object_get(body, "min");
	b = json_object_get(body, "max");
	if (json_is_integer(a))
		min = json_integer_value(a);
	if (json_is_integer(b))
		max = json_integer_value(b);
	if (min < max)
		return 0;
	http_error(req, 422, "invalid", "the scale is empty", json_is_integer(b)
	    || !json_is_integer(a) ? json_pack("{s:s}", "max",
	    "must be above min") : json_pack("{s:s}", "min",
	    "must be below max"));
	return -1;
}

/*
 * Answers the failure of a rubric write when it is a name the cycle has
 * already (409 name_taken); any other is the dispatcher's to answer.
 */
static void
rubric_failed(struct req *req)
{
	if (db_status(req->db) == 409)
		http_error(req, 409, "name_taken", "this cycle already has "
		    "one of this name", NULL);
}

/*
 * The add of a category or a criterion (what) to cycle req->ids[0]:
 * fields checks the body, insert adds the row and returns it as the API
 * shows it, check (may be NULL) refuses a bad scale after answering
 * (returns -1).  201 the row; 400; 404 no such cycle; 409 wrong_phase;
 * 409 name_taken (in this cycle); 415; 422; 503.
 */
static void
rubric_add(struct req *req, const struct valid_field *fields,
    enum sqlstmt insert, const char *what,
    int (*check)(struct req *, json_t *, long long, long long))
{
	json_t		*body;
	PGresult	*res = NULL;
	char		*text = NULL, cycle[24], action[32];

	if ((body = valid_body(req, fields)) == NULL)
		return;
	if (check != NULL && check(req, body, 1, 5) == -1)
		goto out;
	if ((text = json_dumps(body, JSON_COMPACT)) == NULL) {
		http_internal(req, "rubric: encode");
		goto out;
	}
	db_i64(cycle, (long long)req->ids[0]);
	if ((res = db_begin_find(req, SQL_CYCLE_PHASE_SHARE, "cycle")) == NULL)
		goto out;
	if (!phase_guard(req, ACTION_RUBRIC, db_text(res, 0, "phase")))
		goto out;
	PQclear(res);
	snprintf(action, sizeof(action), "%s.create", what);
	if ((res = DB_EXEC(req->db, insert, cycle, text)) == NULL ||
	    audit_write(req, action, what, db_int(res, 0, "id"), body) == -1 ||
	    db_commit(req->db) == -1) {
		rubric_failed(req);
		goto out;
	}
	http_json(req, 201, db_json_row(res, 0));
out:
	PQclear(res);
	free(text);
	json_decref(body);
}

/*
 * The change (fields not NULL: checks the body, write updates the row and
 * returns it as the API shows it) or the delete (fields NULL: write
 * deletes it) of category or criterion req->ids[0] (what), which find
 * finds with its cycle's phase; check as rubric_add()'s, against the
 * scale the row has.  200 the row or 204; 400; 404; 409 wrong_phase or
 * name_taken; 415; 422; 503.
 */
static void
rubric_change(struct req *req, const struct valid_field *fields,
    enum sqlstmt find, enum sqlstmt write, const char *what,
    int (*check)(struct req *, json_t *, long long, long long))
{
	json_t		*body = NULL;
	PGresult	*res = NULL;
	char		*text = NULL, id[24], action[32];

	if (fields != NULL) {
		if ((body = valid_body(req, fields)) == NULL)
			return;
		if (rubric_nulls(req, body))
			goto out;
		if ((text = json_dumps(body, JSON_COMPACT)) == NULL) {
			http_internal(req, "rubric: encode");
			goto out;
		}
	}
	db_i64(id, (long long)req->ids[0]);
	if ((res = db_begin_find(req, find, what)) == NULL)
		goto out;
	if (!phase_guard(req, ACTION_RUBRIC, db_text(res, 0, "phase")))
		goto out;
	if (check != NULL && check(req, body, db_int(res, 0, "min_score"),
	    db_int(res, 0, "max_score")) == -1)
		goto out;
	PQclear(res);
	snprintf(action, sizeof(action), "%s.%s", what,
	    body != NULL ? "update" : "delete");
	if ((res = body != NULL ? DB_EXEC(req->db, write, id, text) :
	    DB_EXEC(req->db, write, id)) == NULL ||
	    audit_write(req, action, what, req->ids[0], body) == -1 ||
	    db_commit(req->db) == -1) {
		rubric_failed(req);
		goto out;
	}
	if (body != NULL)
		http_json(req, 200, db_json_row(res, 0));
	else
		http_raw(req, 204, NULL, NULL, 0);
out:
	PQclear(res);
	free(text);
	json_decref(body);
}

/*
 * POST /api/cycles/{id}/categories (organizer): {"name", "description",
 * "max_awardees"}.  201 {"id", "cycle_id", "name", "description",
 * "max_awardees"}; 400; 404; 409 wrong_phase or name_taken; 415; 422; 503.
 */
void
rubric_category_create(struct req *req)
{
	rubric_add(req, category_fields, SQL_CATEGORY_INSERT, "category",
	    NULL);
}

/*
 * PATCH /api/categories/{id} (organizer): the fields of POST, each
 * optional.  200 the category; 400; 404; 409 wrong_phase or name_taken;
 * 415; 422; 503.
 */
void
rubric_category_patch(struct req *req)
{
	rubric_change(req, category_patch_fields, SQL_CATEGORY_FIND,
	    SQL_CATEGORY_UPDATE, "category", NULL);
}

/*
 * DELETE /api/categories/{id} (organizer).  204; 404; 409 wrong_phase;
 * 503.
 */
void
rubric_category_delete(struct req *req)
{
	rubric_change(req, NULL, SQL_CATEGORY_FIND, SQL_CATEGORY_DELETE,
	    "category", NULL);
}

/*
 * POST /api/cycles/{id}/criteria (organizer): {"name", "description",
 * "weight" (> 0, default 1), "min", "max" (default 1 to 5, min < max),
 * "min_label", "max_label"}.  201 the criterion {"id", "cycle_id",
 * "name", "description", "weight", "min", "max", "min_label",
 * "max_label"}; 400; 404; 409 wrong_phase or name_taken; 415; 422 (a
 * scale with min >= max names the field); 503.
 */
void
criterion_create(struct req *req)
{
	rubric_add(req, criterion_fields, SQL_CRITERION_INSERT, "criterion",
	    rubric_scale_check);
}

/*
 * PATCH /api/criteria/{id} (organizer): the fields of POST, each
 * optional.  200 the criterion; 400; 404; 409 wrong_phase or name_taken;
 * 415; 422; 503.
 */
void
criterion_patch(struct req *req)
{
	rubric_change(req, criterion_patch_fields, SQL_CRITERION_FIND,
	    SQL_CRITERION_UPDATE, "criterion", rubric_scale_check);
}

/*
 * DELETE /api/criteria/{id} (organizer).  204; 404; 409 wrong_phase; 503.
 */
void
criterion_delete(struct req *req)
{
	rubric_change(req, NULL, SQL_CRITERION_FIND, SQL_CRITERION_DELETE,
	    "criterion", NULL);
}
