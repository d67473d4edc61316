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
 * See awards.h.  user_id 0 and address NULL or "" are stored as NULL
 * (SQL_AUDIT_INSERT); -1 also when the detail cannot be encoded.
 */
int
audit_record(struct db *db, int64_t user_id, const char *address,
    const char *action, const char *object_type, int64_t object_id,
    json_t *detail)
{
	char		 user[24], object[24], *text;
	const char	*params[6];
	int		 rc;

	text = detail != NULL ? json_dumps(detail, JSON_COMPACT) :
	    strdup("{}");
	if (text == NULL) {
		log_error("audit: %s: cannot encode detail", action);
		return -1;
	}
	params[0] = db_i64(user, (long long)user_id);
	params[1] = action;
	params[2] = object_type;
	params[3] = db_i64(object, (long long)object_id);
	params[4] = address != NULL ? address : "";
	params[5] = text;
	rc = db_command(db, SQL_AUDIT_INSERT, 6, params);
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
	http_page_list(req, SQL_AUDIT_LIST, SQL_AUDIT_COUNT, "entries");
}
