/*
 * health.c: GET /api/health, for load balancers and people.
 */
#include "awards.h"
#include "db.h"

/*
 * Answers 200 {"status":"ok"} when the database answers a query, else 503
 * (route_dispatch already answered 503 when it could not connect).
 */
void
health_get(struct req *req)
{
	PGresult	*res;

	if ((res = DB_EXEC0(req->db, SQL_HEALTH)) == NULL) {
		http_db_error(req);
		return;
	}
	PQclear(res);
	http_json(req, 200, json_pack("{s:s}", "status", "ok"));
}
