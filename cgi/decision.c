/*
 * decision.c: the organizers' decisions (SPEC §3 Decision): per eligible
 * candidate awardee, honorable_mention or not_selected, at most
 * max_awardees awardees per category, in phases deliberation and decided,
 * frozen once the cycle is announced.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

static const char *const decision_choices[] = { "awardee",
    "honorable_mention", "not_selected", NULL };

static const struct valid_field decision_fields[] = {
	{ .name = "decision", .type = VALID_ENUM, .required = 1,
	    .choices = decision_choices },
	{ .name = NULL }
};

/* See awards.h. */
int
decision_missing(struct db *db, int64_t cycle_id, long long *missing)
{
	PGresult	*res;
	char		 cycle[24];

	*missing = 0;
	res = DB_EXEC(db, SQL_DECISION_MISSING,
	    db_i64(cycle, (long long)cycle_id));
	if (res == NULL)
		return -1;
	*missing = db_int(res, 0, "missing");
	PQclear(res);
	return 0;
}

/*
 * PUT /api/candidates/{id}/decision (organizer) {"decision": "awardee" |
 * "honorable_mention" | "not_selected"}: sets the candidate's decision.
 * The category row is locked for the transaction, so that organizers
 * deciding at once cannot give more than max_awardees places.  Audited
 * (decision.set, with the decision before and after).  200
 * {"candidate_id", "decision", "category_id", "awardees", "max_awardees"};
 * 400 malformed; 404 no such candidate; 409 wrong_phase (before
 * deliberation, or announced: decisions frozen), not_eligible (no eligible
 * nomination, withdrawn or merged), awardee_limit (naming the category
 * and its limit); 415; 422 invalid decision; 503.
 */
void
decision_put(struct req *req)
{
	PGresult	*cand = NULL, *cat = NULL, *res = NULL;
	json_t		*body, *detail = NULL;
	const char	*decision;
	char		 id[24], user[24], msg[320];
	long long	 awardees, max;
	int		 was_awardee;

	if ((body = valid_body(req, decision_fields)) == NULL)
		return;
	decision = json_string_value(json_object_get(body, "decision"));
	db_i64(id, (long long)req->ids[0]);
	if ((cand = db_begin_find(req, SQL_DECISION_CANDIDATE,
	    "candidate")) == NULL)
		goto out;
	if (!phase_guard(req, ACTION_DECIDE, db_text(cand, 0, "phase")))
		goto out;
	if (!db_bool(cand, 0, "eligible")) {
		http_error(req, 409, "not_eligible", "only an eligible "
		    "candidate gets a decision", NULL);
		goto out;
	}
	if ((cat = DB_EXEC(req->db, SQL_DECISION_CATEGORY_LOCK,
	    db_text(cand, 0, "category_id"))) == NULL ||
	    (res = DB_EXEC(req->db, SQL_DECISION_AWARDEES,
	    db_text(cand, 0, "category_id"), id)) == NULL)
		goto out;
	awardees = db_int(res, 0, "awardees");
	max = db_int(cat, 0, "max_awardees");
	PQclear(res);
	res = NULL;
	if (strcmp(decision, "awardee") == 0 && awardees >= max) {
		db_rollback(req->db);
		snprintf(msg, sizeof(msg), "the category %s already has its "
		    "%lld awardee%s", db_text(cat, 0, "name"), max,
		    max == 1 ? "" : "s");
		http_error(req, 409, "awardee_limit", msg, json_pack(
		    "{s:I, s:s, s:I}", "category_id",
		    (json_int_t)db_int(cat, 0, "id"), "category",
		    db_text(cat, 0, "name"), "max_awardees",
		    (json_int_t)max));
		goto out;
	}
	if ((res = DB_EXEC(req->db, SQL_DECISION_OF, id)) == NULL)
		goto out;
	detail = json_pack("{s:s?, s:s}", "from", PQntuples(res) == 0 ?
	    NULL : db_text(res, 0, "decision"), "to", decision);
	was_awardee = strcmp(decision, "awardee") == 0;
	if (db_command(req->db, SQL_DECISION_UPSERT, 3, DB_ARGS(id, decision,
	    db_i64(user, (long long)req->user.id))) == -1 ||
	    audit_write(req, "decision.set", "candidate", req->ids[0],
	    detail) == -1 || db_commit(req->db) == -1)
		goto out;
	http_json(req, 200, json_pack("{s:I, s:s, s:I, s:I, s:I}",
	    "candidate_id", (json_int_t)req->ids[0], "decision", decision,
	    "category_id", (json_int_t)db_int(cat, 0, "id"),
	    "awardees", (json_int_t)(awardees + was_awardee),
	    "max_awardees", (json_int_t)max));
out:
	PQclear(cand);
	PQclear(cat);
	PQclear(res);
	json_decref(detail);
	json_decref(body);
}

/*
 * The number in column name of row, or JSON null when the column is NULL
 * (a candidate without a final review).  Returns a new reference.
 */
static json_t *
decision_number(const PGresult *res, int row, const char *name)
{
	return db_isnull(res, row, name) ? json_null() :
	    json_real(strtod(db_text(res, row, name), NULL));
}

/*
 * GET /api/cycles/{id}/decisions (organizer): the decision screen's data.
 * 200 {"cycle": {"id", "name", "phase"}, "missing": eligible candidates
 * without a decision, "categories": [{"id", "name", "max_awardees",
 * "awardees", "candidates": [{"candidate_id", "nominee_name",
 * "nominee_affiliation", "decision" (null when none), "rank",
 * "rank_raw", "score", "raw", "reviews", "spread", "disputed"}]}]}, the
 * candidates in rank order (SPEC §3; score, raw and spread null without
 * a final review); 404 no such cycle; 503.
 */
void
decision_list(struct req *req)
{
	PGresult	*cycle = NULL, *res = NULL, *wm = NULL;
	json_t		*cats, *cat = NULL, *cands = NULL;
	char		 id[24];
	long long	 missing, awardees = 0, last = 0;
	int		 i;

	db_i64(id, (long long)req->ids[0]);
	if ((cycle = DB_EXEC(req->db, SQL_DECISION_CYCLE, id)) == NULL ||
	    !http_row_found(req, cycle, "cycle"))
		goto out;
	/* A transaction only so that the rankings' work_mem ends with it. */
	if (decision_missing(req->db, req->ids[0], &missing) == -1 ||
	    db_begin(req->db) == -1 ||
	    (wm = DB_EXEC0(req->db, SQL_RANKINGS_WORK_MEM)) == NULL ||
	    (res = DB_EXEC(req->db, SQL_DECISION_LIST, id)) == NULL ||
	    db_commit(req->db) == -1)
		goto out;
	cats = json_array();
	for (i = 0; i < PQntuples(res); i++) {
		if (cat == NULL || db_int(res, i, "category_id") != last) {
			if (cat != NULL)
				json_object_set_new(cat, "awardees",
				    json_integer(awardees));
			last = db_int(res, i, "category_id");
			awardees = 0;
			cands = json_array();
			cat = json_pack("{s:I, s:s, s:I, s:o}", "id",
			    (json_int_t)last, "name",
			    db_text(res, i, "category_name"), "max_awardees",
			    (json_int_t)db_int(res, i, "max_awardees"),
			    "candidates", cands);
			json_array_append_new(cats, cat);
		}
		if (db_isnull(res, i, "candidate_id"))
			continue;
		if (!db_isnull(res, i, "decision") &&
		    strcmp(db_text(res, i, "decision"), "awardee") == 0)
			awardees++;
		json_array_append_new(cands, json_pack("{s:I, s:s, s:s, s:o, "
		    "s:I, s:I, s:o, s:o, s:I, s:o, s:b}",
		    "candidate_id", (json_int_t)db_int(res, i, "candidate_id"),
		    "nominee_name", db_text(res, i, "nominee_name"),
		    "nominee_affiliation",
		    db_text(res, i, "nominee_affiliation"),
		    "decision", db_json_text(res, i, "decision"),
		    "rank", (json_int_t)db_int(res, i, "rank"),
		    "rank_raw", (json_int_t)db_int(res, i, "rank_raw"),
		    "score", decision_number(res, i, "score"),
		    "raw", decision_number(res, i, "raw"),
		    "reviews", (json_int_t)db_int(res, i, "reviews"),
		    "spread", decision_number(res, i, "spread"),
		    "disputed", db_bool(res, i, "disputed")));
	}
	if (cat != NULL)
		json_object_set_new(cat, "awardees", json_integer(awardees));
	http_json(req, 200, json_pack("{s:{s:I, s:s, s:s}, s:I, s:o}",
	    "cycle", "id", (json_int_t)req->ids[0],
	    "name", db_text(cycle, 0, "name"),
	    "phase", db_text(cycle, 0, "phase"),
	    "missing", (json_int_t)missing, "categories", cats));
out:
	PQclear(cycle);
	PQclear(wm);
	PQclear(res);
}
