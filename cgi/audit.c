/*
 * audit.c: the audit log (SPEC §7): every write by a member or an
 * organizer, with who, what, which object, when and from where.  The
 * table is append-only: a trigger of the schema (sql/0001_schema.sql)
 * refuses UPDATE, DELETE and TRUNCATE, whatever the application does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"


/*
 * Fills a with the parameters of one audit row, ready to be sent alone
 * (audit_record) or in a pipeline with other statements (audit_call).
 * user_id 0 and address NULL or "" are stored as NULL.  Returns 0, or -1
 * when the detail cannot be encoded; audit_call_free() releases a.
 */
static int
audit_fill(struct audit_call *a, int64_t user_id, const char *address,
    const char *action, const char *object_type, int64_t object_id,
    json_t *detail)
{
	a->text = detail != NULL ? json_dumps(detail, JSON_COMPACT) :
	    strdup("{}");
	if (a->text == NULL) {
		log_error("audit: %s: cannot encode detail", action);
		return -1;
	}
	a->params[0] = db_i64(a->user, (long long)user_id);
	a->params[1] = action;
	a->params[2] = object_type;
	a->params[3] = db_i64(a->object, (long long)object_id);
	a->params[4] = address != NULL ? address : "";
	a->params[5] = a->text;
	a->call = (struct db_call){ .stmt = SQL_AUDIT_INSERT, .nparams = 6,
	    .params = a->params };
	return 0;
}

/* See db.h. */
void
audit_call_free(struct audit_call *a)
{
	free(a->text);
	a->text = NULL;
}

/* See db.h: the request's user and address. */
int
audit_call(struct req *req, const char *action, const char *object_type,
    int64_t object_id, json_t *detail, struct audit_call *a)
{
	return audit_fill(a, req->user.id, req->remote_addr, action,
	    object_type, object_id, detail);
}

/* See awards.h. */
int
audit_record(struct db *db, int64_t user_id, const char *address,
    const char *action, const char *object_type, int64_t object_id,
    json_t *detail)
{
	struct audit_call	 a;
	int			 rc;

	if (audit_fill(&a, user_id, address, action, object_type, object_id,
	    detail) == -1)
		return -1;
	rc = db_command(db, SQL_AUDIT_INSERT, a.call.nparams, a.params);
	audit_call_free(&a);
	return rc;
}

/* See awards.h: the request's user and address. */
int
audit_write(struct req *req, const char *action, const char *object_type,
    int64_t object_id, json_t *detail)
{
	return audit_record(req->db, req->user.id, req->remote_addr, action,
	    object_type, object_id, detail);
}

/*
 * GET /api/audit?page=&per_page= (organizer): the audit log, newest
 * first, per_page entries (default 50, at most 200) of page (from 1).
 * 200 {"entries", "page", "per_page", "total"}; 422 bad page or per_page;
 * 503.
 */
void
audit_list(struct req *req)
{
	PGresult	*res = NULL, *count = NULL;
	json_t		*entries, *detail;
	struct page	 pg;
	int		 i;

	if (http_page(req, &pg, NULL) == -1)
		return;
	if ((count = DB_EXEC0(req->db, SQL_AUDIT_COUNT)) == NULL ||
	    (res = DB_EXEC(req->db, SQL_AUDIT_LIST, pg.limit,
	    pg.offset)) == NULL) {
		http_db_error(req);
		goto out;
	}
	entries = json_array();
	for (i = 0; i < PQntuples(res); i++) {
		detail = json_loads(db_text(res, i, "detail"), 0, NULL);
		json_array_append_new(entries, json_pack("{s:I, s:s, s:o, s:o, "
		    "s:o, s:s, s:s, s:o, s:o, s:o}",
		    "id", (json_int_t)db_int(res, i, "id"),
		    "at", db_text(res, i, "at"),
		    "user_id", db_json_int(res, i, "user_id"),
		    "user_name", db_json_text(res, i, "user_name"),
		    "user_email", db_json_text(res, i, "user_email"),
		    "action", db_text(res, i, "action"),
		    "object_type", db_text(res, i, "object_type"),
		    "object_id", db_json_int(res, i, "object_id"),
		    "address", db_json_text(res, i, "address"),
		    "detail", detail != NULL ? detail : json_object()));
	}
	http_json(req, 200, http_page_json(&pg, "entries", entries,
	    db_int(count, 0, "total")));
out:
	PQclear(res);
	PQclear(count);
}
