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

#define AUDIT_PER_PAGE		50
#define AUDIT_PER_PAGE_MAX	200
#define AUDIT_PAGE_MAX		1000000000LL

/* See awards.h.  user_id 0 and address NULL or "" are stored as NULL. */
int
audit_record(struct db *db, int64_t user_id, const char *address,
    const char *action, const char *object_type, int64_t object_id,
    json_t *detail)
{
	char	 user[24], object[24], *text;
	int	 rc;

	text = detail != NULL ? json_dumps(detail, JSON_COMPACT) :
	    strdup("{}");
	if (text == NULL) {
		log_error("audit: %s: cannot encode detail", action);
		return -1;
	}
	rc = db_command(db, SQL_AUDIT_INSERT, 6, DB_ARGS(
	    db_i64(user, (long long)user_id), action, object_type,
	    db_i64(object, (long long)object_id),
	    address != NULL ? address : "", text));
	free(text);
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
	json_t		*fields, *entries, *entry, *detail;
	long long	 page, per_page;
	char		 limit[24], offset[24];
	int		 i, bad = 0;

	fields = json_object();
	bad |= http_query_int(req, "page", 1, AUDIT_PAGE_MAX, &page, fields);
	bad |= http_query_int(req, "per_page", AUDIT_PER_PAGE,
	    AUDIT_PER_PAGE_MAX, &per_page, fields);
	if (bad) {
		http_error(req, 422, "invalid", "bad paging parameters",
		    fields);
		return;
	}
	json_decref(fields);
	if ((count = DB_EXEC0(req->db, SQL_AUDIT_COUNT)) == NULL ||
	    (res = DB_EXEC(req->db, SQL_AUDIT_LIST, db_i64(limit, per_page),
	    db_i64(offset, (page - 1) * per_page))) == NULL) {
		http_db_error(req);
		goto out;
	}
	entries = json_array();
	for (i = 0; i < PQntuples(res); i++) {
		detail = json_loads(PQgetvalue(res, i, 9), 0, NULL);
		entry = json_pack("{s:I, s:s, s:o, s:o, s:o, s:s, s:s, s:o, "
		    "s:o, s:o}",
		    "id", (json_int_t)strtoll(PQgetvalue(res, i, 0), NULL, 10),
		    "at", PQgetvalue(res, i, 1),
		    "user_id", PQgetisnull(res, i, 2) ? json_null() :
		    json_integer(strtoll(PQgetvalue(res, i, 2), NULL, 10)),
		    "user_name", PQgetisnull(res, i, 3) ? json_null() :
		    json_string(PQgetvalue(res, i, 3)),
		    "user_email", PQgetisnull(res, i, 4) ? json_null() :
		    json_string(PQgetvalue(res, i, 4)),
		    "action", PQgetvalue(res, i, 5),
		    "object_type", PQgetvalue(res, i, 6),
		    "object_id", PQgetisnull(res, i, 7) ? json_null() :
		    json_integer(strtoll(PQgetvalue(res, i, 7), NULL, 10)),
		    "address", PQgetisnull(res, i, 8) ? json_null() :
		    json_string(PQgetvalue(res, i, 8)),
		    "detail", detail != NULL ? detail : json_object());
		json_array_append_new(entries, entry);
	}
	http_json(req, 200, json_pack("{s:o, s:I, s:I, s:I}",
	    "entries", entries, "page", (json_int_t)page,
	    "per_page", (json_int_t)per_page,
	    "total", (json_int_t)strtoll(PQgetvalue(count, 0, 0), NULL, 10)));
out:
	PQclear(res);
	PQclear(count);
}
