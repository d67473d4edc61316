/*
 * cycle.c: cycles, the year's awards, and their phases.
 */
#include <stdlib.h>

#include "awards.h"
#include "db.h"

/*
 * The categories of a cycle as a JSON array, with the fields anyone may
 * see.  Returns a new reference, or NULL on a database failure.
 */
static json_t *
cycle_categories(struct db *db, const char *cycle_id)
{
	PGresult	*res;
	json_t		*list;
	int		 i;

	if ((res = DB_EXEC(db, SQL_CATEGORY_LIST, cycle_id)) == NULL)
		return NULL;
	list = json_array();
	for (i = 0; i < PQntuples(res); i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s}",
		    "id", (json_int_t)db_int(res, i, "id"),
		    "name", db_text(res, i, "name"),
		    "description", db_text(res, i, "description")));
	PQclear(res);
	return list;
}

/*
 * GET /api/cycles/current: the cycle open for nominations with its
 * categories.  200; 404 when no cycle is open; 503.
 */
void
cycle_current(struct req *req)
{
	PGresult	*res;
	json_t		*cats;

	if ((res = DB_EXEC0(req->db, SQL_CYCLE_CURRENT)) == NULL) {
		http_db_error(req);
		return;
	}
	if (PQntuples(res) == 0) {
		PQclear(res);
		http_error(req, 404, "no_open_cycle",
		    "no cycle is open for nominations", NULL);
		return;
	}
	if ((cats = cycle_categories(req->db, db_text(res, 0, "id"))) == NULL) {
		PQclear(res);
		http_db_error(req);
		return;
	}
	http_json(req, 200, json_pack("{s:I, s:s, s:s, s:s?, s:o}",
	    "id", (json_int_t)db_int(res, 0, "id"),
	    "name", db_text(res, 0, "name"),
	    "phase", db_text(res, 0, "phase"),
	    "nominations_close_at", db_isnull(res, 0,
	    "nominations_close_at") ? NULL :
	    db_text(res, 0, "nominations_close_at"),
	    "categories", cats));
	PQclear(res);
}
