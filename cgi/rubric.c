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

/* Row i of a category statement as the API shows it. */
static json_t *
rubric_category_json(const PGresult *res, int i)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:i}",
	    "id", (json_int_t)db_int(res, i, "id"),
	    "cycle_id", (json_int_t)db_int(res, i, "cycle_id"),
	    "name", db_text(res, i, "name"),
	    "description", db_text(res, i, "description"),
	    "max_awardees", (int)db_int(res, i, "max_awardees"));
}

/* See awards.h: row i of a criterion statement as the API shows it. */
json_t *
rubric_criterion_json(const PGresult *res, int i)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:f, s:i, s:i, s:s, s:s}",
	    "id", (json_int_t)db_int(res, i, "id"),
	    "cycle_id", (json_int_t)db_int(res, i, "cycle_id"),
	    "name", db_text(res, i, "name"),
	    "description", db_text(res, i, "description"),
	    "weight", db_float(res, i, "weight"),
	    "min", (int)db_int(res, i, "min_score"),
	    "max", (int)db_int(res, i, "max_score"),
	    "min_label", db_text(res, i, "min_label"),
	    "max_label", db_text(res, i, "max_label"));
}

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
 * The add of a category or a criterion to cycle req->ids[0]: fields
 * checks the body, stmt inserts it, check (may be NULL) refuses bad
 * combinations of values after answering (returns -1).  201 the row;
 * 400; 404 no such cycle; 409 wrong_phase; 409 conflict (name taken in
 * this cycle); 415; 422; 503.
 */
static void
rubric_add(struct req *req, const struct valid_field *fields,
    enum sqlstmt stmt, const char *what,
    int (*check)(struct req *, json_t *, long long, long long),
    json_t *(*to_json)(const PGresult *, int))
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
	if (db_begin(req->db) == -1 ||
	    (res = DB_EXEC(req->db, SQL_CYCLE_PHASE_SHARE, cycle)) == NULL)
		goto fail;
	if (!http_row_found(req, res, "cycle"))
		goto out;
	if (!phase_guard(req, ACTION_RUBRIC, db_text(res, 0, "phase")))
		goto out;
	PQclear(res);
	if ((res = DB_EXEC(req->db, stmt, cycle, text)) == NULL)
		goto fail;
	snprintf(action, sizeof(action), "%s.create", what);
	if (audit_write(req, action, what, db_int(res, 0, "id"), body) ==
	    -1 || db_commit(req->db) == -1)
		goto fail;
	http_json(req, 201, to_json(res, 0));
	goto out;
fail:
	db_rollback(req->db);
	if (db_status(req->db) == 409)
		http_error(req, 409, "name_taken", "this cycle already has "
		    "one of this name", NULL);
	else
		http_db_error(req);
out:
	PQclear(res);
	free(text);
	json_decref(body);
}

/*
 * The change (body not NULL) or delete (body NULL) of category or
 * criterion req->ids[0]: find finds it with its cycle's phase.  200 the
 * row or 204; 400; 404; 409 wrong_phase or name_taken; 415; 422; 503.
 */
static void
rubric_change(struct req *req, const struct valid_field *fields,
    enum sqlstmt find, enum sqlstmt update, enum sqlstmt delete,
    const char *what,
    int (*check)(struct req *, json_t *, long long, long long),
    json_t *(*to_json)(const PGresult *, int))
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
	if (db_begin(req->db) == -1 ||
	    (res = DB_EXEC(req->db, find, id)) == NULL)
		goto fail;
	if (PQntuples(res) == 0) {
		http_error(req, 404, "not_found", strcmp(what, "category") ==
		    0 ? "no such category" : "no such criterion", NULL);
		goto out;
	}
	if (!phase_guard(req, ACTION_RUBRIC, db_text(res, 0, "phase")))
		goto out;
	if (check != NULL && check(req, body, db_int(res, 0, "min_score"),
	    db_int(res, 0, "max_score")) == -1)
		goto out;
	PQclear(res);
	snprintf(action, sizeof(action), "%s.%s", what,
	    body != NULL ? "update" : "delete");
	if (body == NULL) {
		if ((res = DB_EXEC(req->db, delete, id)) == NULL)
			goto fail;
	} else if ((res = DB_EXEC(req->db, update, id, text)) == NULL)
		goto fail;
	if (audit_write(req, action, what, req->ids[0], body) == -1 ||
	    db_commit(req->db) == -1)
		goto fail;
	if (body == NULL)
		http_raw(req, 204, NULL, NULL, 0);
	else
		http_json(req, 200, to_json(res, 0));
	goto out;
fail:
	db_rollback(req->db);
	if (db_status(req->db) == 409)
		http_error(req, 409, "name_taken", "this cycle already has "
		    "one of this name", NULL);
	else
		http_db_error(req);
out:
	PQclear(res);
	free(text);
	json_decref(body);
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
 * POST /api/cycles/{id}/categories (organizer): {"name", "description",
 * "max_awardees"}.  201 {"id", "cycle_id", "name", "description",
 * "max_awardees"}; 400; 404; 409 wrong_phase or name_taken; 415; 422; 503.
 */
void
rubric_category_create(struct req *req)
{
	rubric_add(req, category_fields, SQL_CATEGORY_INSERT, "category",
	    NULL, rubric_category_json);
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
	    SQL_CATEGORY_UPDATE, SQL_CATEGORY_DELETE, "category", NULL,
	    rubric_category_json);
}

/*
 * DELETE /api/categories/{id} (organizer).  204; 404; 409 wrong_phase;
 * 503.
 */
void
rubric_category_delete(struct req *req)
{
	rubric_change(req, NULL, SQL_CATEGORY_FIND, SQL_CATEGORY_UPDATE,
	    SQL_CATEGORY_DELETE, "category", NULL, rubric_category_json);
}

/*
 * POST /api/cycles/{id}/criteria (organizer): {"name", "description",
 * "weight" (> 0, default 1), "min", "max" (default 1 to 5, min < max),
 * "min_label", "max_label"}.  201 the criterion; 400; 404; 409
 * wrong_phase or name_taken; 415; 422 (a scale with min >= max names the
 * field); 503.
 */
void
criterion_create(struct req *req)
{
	rubric_add(req, criterion_fields, SQL_CRITERION_INSERT, "criterion",
	    rubric_scale_check, rubric_criterion_json);
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
	    SQL_CRITERION_UPDATE, SQL_CRITERION_DELETE, "criterion",
	    rubric_scale_check, rubric_criterion_json);
}

/*
 * DELETE /api/criteria/{id} (organizer).  204; 404; 409 wrong_phase; 503.
 */
void
criterion_delete(struct req *req)
{
	rubric_change(req, NULL, SQL_CRITERION_FIND, SQL_CRITERION_UPDATE,
	    SQL_CRITERION_DELETE, "criterion", NULL, rubric_criterion_json);
}
