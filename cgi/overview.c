/*
 * overview.c: GET /api/cycles/{id}/overview, the numbers behind the
 * organizers' page of pictures (/overview): nominations per day and per
 * category, screening, each member's scoring progress, each category's
 * places raw and normalised, each reviewer's raw scores.  PostgreSQL
 * writes the whole document (sql/queries/overview.sql), so that the page
 * costs one statement and the numbers come from the same functions as
 * the rankings and the export.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

/*
 * GET /api/cycles/{id}/overview (organizer): {"cycle_id", "cycle_name",
 * "phase", "per_day": [{"day", "count"}], "per_category": [{
 * "category_id", "name", "count"}], "screening": {"submitted",
 * "eligible", "ineligible"}, "members": [{"user_id", "name", "done",
 * "draft", "not_started"}], "rankings": [{"category_id", "name",
 * "candidates": [{"candidate_id", "nominee_name", "rank", "rank_raw"}]}],
 * "reviewers": [{"user_id", "name", "scores": [percent]}]}.
 * 200; 401; 403 not an organizer; 404 unknown cycle; 503.
 */
void
overview_get(struct req *req)
{
	char	 cycle[24];

	http_json_answer(req, DB_EXEC(req->db, SQL_OVERVIEW,
	    db_i64(cycle, (long long)req->ids[0])), "cycle");
}
