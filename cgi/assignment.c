/*
 * assignment.c: committee members <-> candidates (SPEC §3).  The
 * automatic assignment gives every candidate that reaches the committee
 * (active, with an eligible nomination) reviewers_per_candidate reviewers,
 * always the least loaded member it may take, so loads stay within one of
 * each other where conflicts allow; it never assigns a conflicted member,
 * and running it again only tops up: it never removes or moves work.
 * Conflicts, automatic ones included (a member's address is the
 * nominee's or a nominator's), are read from the view candidate_conflicts,
 * which derives them at each read: nothing is written before a run.
 * Organizers also add and remove assignments by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

/*
 * A min-heap of member indices ordered by (load, id): the least loaded
 * member is at the top.  Popping and pushing cost O(log m).
 */
struct assign_heap {
	size_t			*idx;
	size_t			 n;
	struct assign_member	*m;
};

static int
assign_less(const struct assign_heap *h, size_t a, size_t b)
{
	const struct assign_member *x = &h->m[h->idx[a]], *y = &h->m[h->idx[b]];

	return x->load < y->load || (x->load == y->load && x->id < y->id);
}

static void
assign_swap(struct assign_heap *h, size_t a, size_t b)
{
	size_t	 t = h->idx[a];

	h->idx[a] = h->idx[b];
	h->idx[b] = t;
}

/* Pushes member index i (room was allocated for every member). */
static void
assign_push(struct assign_heap *h, size_t i)
{
	size_t	 c = h->n++, p;

	h->idx[c] = i;
	while (c > 0 && assign_less(h, c, (p = (c - 1) / 2))) {
		assign_swap(h, c, p);
		c = p;
	}
}

/* Pops the least loaded member's index; the heap must not be empty. */
static size_t
assign_pop(struct assign_heap *h)
{
	size_t	 top = h->idx[0], c = 0, l, s;

	h->idx[0] = h->idx[--h->n];
	for (;;) {
		l = 2 * c + 1;
		if (l >= h->n)
			break;
		s = l + 1 < h->n && assign_less(h, l + 1, l) ? l + 1 : l;
		if (!assign_less(h, s, c))
			break;
		assign_swap(h, s, c);
		c = s;
	}
	return top;
}

/* Whether member user is among the sorted pairs of candidate c. */
static int
assign_taken(const struct assign_pair *pairs,
    const struct assign_candidate *c, int64_t user)
{
	size_t	 lo = c->taken, hi = c->taken + c->ntaken, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (pairs[mid].user == user)
			return 1;
		if (pairs[mid].user < user)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Most constrained first: more refused members, then by id. */
static int
assign_candidate_cmp(const void *a, const void *b)
{
	const struct assign_candidate *x = a, *y = b;

	if (x->ntaken != y->ntaken)
		return x->ntaken > y->ntaken ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * See awards.h.  The plan of a run: for each candidate (the most constrained
 * first), pop the least loaded members until need of them may take it,
 * keeping aside those it refuses, then push them all back.  Each pick
 * costs O(log m) plus the members refused on the way, so a run is
 * O((n k + p) log m) for n candidates, k reviewers, p refused pairs.
 * out_candidate and out_user (room for the sum of the needs, set by the
 * caller) receive the new pairs; *nout their number.  Returns 0, or -1
 * when out of memory.
 */
int
assign_plan(struct assign_member *m, size_t nm, struct assign_candidate *c,
    size_t nc, const struct assign_pair *pairs, int64_t *out_candidate,
    int64_t *out_user, size_t *nout)
{
	struct assign_heap	 h;
	size_t			*aside = NULL, naside, i, j;
	long long		 got;

	*nout = 0;
	h.m = m;
	h.n = 0;
	if ((h.idx = calloc(nm + 1, sizeof(*h.idx))) == NULL ||
	    (aside = calloc(nm + 1, sizeof(*aside))) == NULL) {
		free(h.idx);
		return -1;
	}
	for (i = 0; i < nm; i++)
		assign_push(&h, i);
	qsort(c, nc, sizeof(*c), assign_candidate_cmp);
	for (i = 0; i < nc; i++) {
		naside = 0;
		for (got = 0; got < c[i].need && h.n > 0; ) {
			j = assign_pop(&h);
			aside[naside++] = j;
			if (assign_taken(pairs, &c[i], m[j].id))
				continue;
			m[j].load++;
			m[j].added++;
			out_candidate[*nout] = c[i].id;
			out_user[*nout] = m[j].id;
			(*nout)++;
			got++;
		}
		c[i].need -= got;
		for (j = 0; j < naside; j++)
			assign_push(&h, aside[j]);
	}
	free(aside);
	free(h.idx);
	return 0;
}

/* Appends n ids as a PostgreSQL array literal "{1,2,3}" to b. */
static void
assign_array(struct buf *b, const int64_t *ids, size_t n)
{
	char	 num[24];
	size_t	 i;

	buf_str(b, "{");
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_str(b, ",");
		buf_str(b, db_i64(num, (long long)ids[i]));
	}
	buf_str(b, "}");
}

/*
 * Reads the run's members, candidates and refused pairs of cycle (k
 * reviewers each) into the caller's pointers (the caller frees them).
 * Returns 0, or -1 on a database failure or when out of memory.
 */
static int
assign_load(struct db *db, const char *cycle, long long k,
    struct assign_member **pm, size_t *nm, struct assign_candidate **pc,
    size_t *nc, struct assign_pair **pp, size_t *np, PGresult **members)
{
	PGresult	*cands = NULL, *taken = NULL;
	size_t		 i, j;
	int		 rc = -1;

	*pm = NULL;
	*pc = NULL;
	*pp = NULL;
	*nm = *nc = *np = 0;
	if ((*members = DB_EXEC(db, SQL_ASSIGN_MEMBERS, cycle)) == NULL ||
	    (cands = DB_EXEC(db, SQL_ASSIGN_CANDIDATES, cycle)) == NULL ||
	    (taken = DB_EXEC(db, SQL_ASSIGN_TAKEN, cycle)) == NULL)
		goto out;
	*nm = (size_t)PQntuples(*members);
	*nc = (size_t)PQntuples(cands);
	*np = (size_t)PQntuples(taken);
	if ((*pm = calloc(*nm + 1, sizeof(**pm))) == NULL ||
	    (*pc = calloc(*nc + 1, sizeof(**pc))) == NULL ||
	    (*pp = calloc(*np + 1, sizeof(**pp))) == NULL)
		goto out;
	for (i = 0; i < *nm; i++) {
		(*pm)[i].id = db_int(*members, (int)i, "id");
		(*pm)[i].load = db_int(*members, (int)i, "load");
	}
	for (i = 0; i < *np; i++) {
		(*pp)[i].candidate = db_int(taken, (int)i, "candidate_id");
		(*pp)[i].user = db_int(taken, (int)i, "user_id");
	}
	/* Both lists are by candidate id: one merge pass finds each run. */
	for (i = 0, j = 0; i < *nc; i++) {
		(*pc)[i].id = db_int(cands, (int)i, "id");
		(*pc)[i].need = k - db_int(cands, (int)i, "reviewers");
		if ((*pc)[i].need < 0)
			(*pc)[i].need = 0;
		while (j < *np && (*pp)[j].candidate < (*pc)[i].id)
			j++;
		(*pc)[i].taken = j;
		while (j < *np && (*pp)[j].candidate == (*pc)[i].id)
			j++;
		(*pc)[i].ntaken = j - (*pc)[i].taken;
	}
	rc = 0;
out:
	PQclear(cands);
	PQclear(taken);
	return rc;
}

/*
 * Queues one assignments_made mail per member given new work in this run
 * (run: the run's number, in the dedupe key), with their whole load and
 * the scoring deadline.  Returns 0, or -1.
 */
static int
assign_mail(struct db *db, int64_t cycle_id, const PGresult *run,
    const PGresult *members, const struct assign_member *m, size_t nm)
{
	json_t	*values;
	char	 key[96], count[24];
	size_t	 i;
	int	 row;

	for (i = 0; i < nm; i++) {
		if (m[i].added == 0)
			continue;
		/* members is by id, like m before the plan: find the row. */
		for (row = 0; row < PQntuples(members); row++)
			if (db_int(members, row, "id") == m[i].id)
				break;
		values = json_pack("{s:s, s:s, s:s, s:s, s:s}",
		    "name", db_text(members, row, "name"),
		    "count", db_i64(count, m[i].load),
		    "cycle_name", db_text(run, 0, "name"),
		    "scoring_close_at", db_text(run, 0, "scoring_close"),
		    "base_url", config.base_url);
		snprintf(key, sizeof(key), "%lld:%s:%lld",
		    (long long)cycle_id, db_text(run, 0, "run"),
		    (long long)m[i].id);
		if (values == NULL || outbox_queue(db, cycle_id,
		    EVENT_ASSIGNMENTS_MADE, NULL, db_text(members, row, "email"),
		    db_text(members, row, "name"), values, key, 0) == -1) {
			json_decref(values);
			return -1;
		}
		json_decref(values);
	}
	return 0;
}

/*
 * POST /api/cycles/{id}/assignments/auto (organizer), body {} or none:
 * removes assignments a conflict now forbids (unless a review started:
 * that work stays, hidden by the conflict), then tops every candidate that
 * reaches the committee up to reviewers_per_candidate reviewers (see
 * assign_plan) and mails each member given new work, once.  Allowed from
 * nominations_open to scoring.  200 {"run", "assigned", "candidates",
 * "members", "short" (candidates still missing reviewers: too few
 * members free of conflict), "load_min", "load_max"}; 404; 409
 * wrong_phase; 503.
 */
void
assignment_auto(struct req *req)
{
	PGresult		*run = NULL, *members = NULL;
	struct assign_member	*m = NULL;
	struct assign_candidate	*c = NULL;
	struct assign_pair	*p = NULL;
	int64_t			*pair_candidate = NULL, *pair_user = NULL;
	struct buf		 candidate_list = { 0 }, user_list = { 0 };
	char			*candidate_ids = NULL, *user_ids = NULL;
	char			 cycle[24];
	size_t			 nm, nc, np, nout, i, total = 0, shortn = 0;
	long long		 k, lo = 0, hi = 0;
	json_t			*detail = NULL;

	db_i64(cycle, (long long)req->ids[0]);
	if ((run = db_begin_find(req, SQL_ASSIGN_RUN, "cycle")) == NULL)
		goto out;
	if (!phase_guard(req, ACTION_ASSIGN, db_text(run, 0, "phase")))
		goto out;
	k = db_int(run, 0, "reviewers_per_candidate");
	if (db_command(req->db, SQL_ASSIGN_DROP_CONFLICTED, 1,
	    DB_ARGS(cycle)) == -1 || assign_load(req->db, cycle, k, &m, &nm,
	    &c, &nc, &p, &np, &members) == -1)
		goto out;
	for (i = 0; i < nc; i++)
		total += (size_t)c[i].need;
	/* Pair i of the plan assigns pair_candidate[i] to pair_user[i]. */
	pair_candidate = calloc(total + 1, sizeof(*pair_candidate));
	pair_user = calloc(total + 1, sizeof(*pair_user));
	if (pair_candidate == NULL || pair_user == NULL ||
	    assign_plan(m, nm, c, nc, p, pair_candidate, pair_user,
	    &nout) == -1) {
		db_rollback(req->db);
		http_internal(req, "assignment: out of memory");
		goto out;
	}
	assign_array(&candidate_list, pair_candidate, nout);
	assign_array(&user_list, pair_user, nout);
	if (buf_finish(&candidate_list, &candidate_ids, NULL) == -1 ||
	    buf_finish(&user_list, &user_ids, NULL) == -1) {
		db_rollback(req->db);
		http_internal(req, "assignment: out of memory");
		goto out;
	}
	for (i = 0; i < nc; i++)
		if (c[i].need > 0)
			shortn++;
	for (i = 0; i < nm; i++) {
		if (i == 0 || m[i].load < lo)
			lo = m[i].load;
		if (i == 0 || m[i].load > hi)
			hi = m[i].load;
	}
	detail = json_pack("{s:I, s:I}", "assigned", (json_int_t)nout,
	    "run", (json_int_t)db_int(run, 0, "run"));
	if ((nout > 0 && db_command(req->db, SQL_ASSIGN_INSERT, 2,
	    DB_ARGS(candidate_ids, user_ids)) == -1) ||
	    assign_mail(req->db, req->ids[0], run, members, m, nm) == -1 ||
	    audit_write(req, "assignment.auto", "cycle", req->ids[0],
	    detail) == -1 || db_commit(req->db) == -1)
		goto out;
	http_json(req, 200, json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
	    "run", (json_int_t)db_int(run, 0, "run"),
	    "assigned", (json_int_t)nout,
	    "candidates", (json_int_t)nc,
	    "members", (json_int_t)nm,
	    "short", (json_int_t)shortn,
	    "load_min", (json_int_t)lo,
	    "load_max", (json_int_t)hi));
out:
	json_decref(detail);
	buf_free(&candidate_list);
	buf_free(&user_list);
	free(candidate_ids);
	free(user_ids);
	free(pair_candidate);
	free(pair_user);
	free(m);
	free(c);
	free(p);
	PQclear(members);
	PQclear(run);
}

static const struct valid_field assignment_fields[] = {
	{ .name = "candidate_id", .type = VALID_ID, .required = 1 },
	{ .name = "user_id", .type = VALID_ID, .required = 1 },
	{ .name = NULL }
};

/*
 * POST /api/assignments (organizer): {"candidate_id", "user_id"} assigns
 * a committee member to a candidate that reaches the committee and they
 * are not conflicted with.  201 {"id", "candidate_id", "user_id"}; 400;
 * 409 conflicted (candidate_conflicts has the pair), already_assigned,
 * not_eligible (no eligible nomination, or not active) or wrong_phase
 * (after scoring); 415; 422 unknown candidate or user, or a user who is
 * not a committee member; 503.
 */
void
assignment_create(struct req *req)
{
	json_t		*body, *detail = NULL;
	PGresult	*cand = NULL, *user = NULL, *res = NULL;
	char		 cid[24], uid[24];

	if ((body = valid_body(req, assignment_fields)) == NULL)
		return;
	db_i64(cid, json_integer_value(json_object_get(body,
	    "candidate_id")));
	db_i64(uid, json_integer_value(json_object_get(body, "user_id")));
	if (db_begin(req->db) == -1 ||
	    (cand = DB_EXEC(req->db, SQL_ASSIGNMENT_CANDIDATE, cid)) == NULL ||
	    (user = DB_EXEC(req->db, SQL_ASSIGNMENT_USER, uid)) == NULL)
		goto out;
	if (PQntuples(cand) == 0 || PQntuples(user) == 0 ||
	    strcmp(db_text(user, 0, "role"), "committee") != 0) {
		http_error(req, 422, "invalid", "some fields are not valid",
		    PQntuples(cand) == 0 ? json_pack("{s:s}", "candidate_id",
		    "no such candidate") : PQntuples(user) == 0 ?
		    json_pack("{s:s}", "user_id", "no such user") :
		    json_pack("{s:s}", "user_id",
		    "is not a committee member"));
		goto out;
	}
	if (!phase_guard(req, ACTION_ASSIGN, db_text(cand, 0, "phase")))
		goto out;
	if (strcmp(db_text(cand, 0, "status"), "active") != 0 ||
	    !db_bool(cand, 0, "eligible")) {
		http_error(req, 409, "not_eligible", "only a candidate with "
		    "an eligible nomination reaches the committee", NULL);
		goto out;
	}
	if ((res = DB_EXEC(req->db, SQL_ASSIGNMENT_CONFLICTED, cid, uid)) ==
	    NULL)
		goto out;
	if (PQntuples(res) > 0) {
		http_error(req, 409, "conflicted", "this member has a "
		    "conflict with this candidate", NULL);
		goto out;
	}
	PQclear(res);
	if ((res = DB_EXEC(req->db, SQL_ASSIGNMENT_INSERT, cid, uid)) ==
	    NULL) {
		db_rollback(req->db);
		if (db_status(req->db) == 409)
			http_error(req, 409, "already_assigned", "this member "
			    "is already assigned to this candidate", NULL);
		else
			http_db_error(req);
		goto out;
	}
	detail = json_pack("{s:I, s:I}", "candidate_id",
	    (json_int_t)db_int(res, 0, "candidate_id"), "user_id",
	    (json_int_t)db_int(res, 0, "user_id"));
	if (audit_write(req, "assignment.create", "assignment",
	    db_int(res, 0, "id"), detail) == -1 || db_commit(req->db) == -1)
		goto out;
	http_json(req, 201, json_pack("{s:I, s:I, s:I}",
	    "id", (json_int_t)db_int(res, 0, "id"),
	    "candidate_id", (json_int_t)db_int(res, 0, "candidate_id"),
	    "user_id", (json_int_t)db_int(res, 0, "user_id")));
out:
	json_decref(detail);
	PQclear(res);
	PQclear(user);
	PQclear(cand);
	json_decref(body);
}

/*
 * DELETE /api/assignments/{id} (organizer): removes an assignment whose
 * member has not started a review.  204; 404; 409 wrong_phase (after
 * scoring) or review_started; 503.
 */
void
assignment_delete(struct req *req)
{
	PGresult	*res = NULL;
	json_t		*detail = NULL;
	char		 id[24];

	db_i64(id, (long long)req->ids[0]);
	if ((res = db_begin_find(req, SQL_ASSIGNMENT_FIND,
	    "assignment")) == NULL)
		goto out;
	if (!phase_guard(req, ACTION_ASSIGN, db_text(res, 0, "phase")))
		goto out;
	if (db_bool(res, 0, "started")) {
		http_error(req, 409, "review_started", "the member has started "
		    "a review of this candidate", NULL);
		goto out;
	}
	detail = json_pack("{s:I, s:I}", "candidate_id",
	    (json_int_t)db_int(res, 0, "candidate_id"), "user_id",
	    (json_int_t)db_int(res, 0, "user_id"));
	if (db_command(req->db, SQL_ASSIGNMENT_DELETE, 1, DB_ARGS(id)) == -1 ||
	    audit_write(req, "assignment.delete", "assignment", req->ids[0],
	    detail) == -1 || db_commit(req->db) == -1)
		goto out;
	http_raw(req, 204, NULL, NULL, 0);
out:
	json_decref(detail);
	PQclear(res);
}

/*
 * GET /api/cycles/{id}/assignments (organizer): every committee member
 * with their load and assignments in the cycle, and the candidates that
 * reach the committee with their reviewers.  200 {"reviewers_per_candidate",
 * "members": [{"user_id", "name", "email", "load", "assignments": [{"id",
 * "candidate_id", "nominee_name", "category_id", "review"}]}],
 * "candidates": [{"id", "nominee_name", "category_id", "category_name",
 * "reviewers"}]}; 404; 503.
 */
void
assignment_list(struct req *req)
{
	PGresult	*cyc = NULL, *res = NULL, *cands = NULL;
	json_t		*members, *member = NULL;
	char		 cycle[24];
	long long	 last = 0;
	int		 i;

	db_i64(cycle, (long long)req->ids[0]);
	if ((cyc = DB_EXEC(req->db, SQL_CYCLE_GET, cycle)) == NULL)
		goto out;
	if (!http_row_found(req, cyc, "cycle"))
		goto out;
	if ((res = DB_EXEC(req->db, SQL_ASSIGNMENT_LIST, cycle)) == NULL ||
	    (cands = DB_EXEC(req->db, SQL_ASSIGNMENT_CANDIDATES, cycle)) ==
	    NULL)
		goto out;
	members = json_array();
	for (i = 0; i < PQntuples(res); i++) {
		if (member == NULL || db_int(res, i, "user_id") != last) {
			last = db_int(res, i, "user_id");
			member = json_pack("{s:I, s:s, s:s, s:i, s:[]}",
			    "user_id", (json_int_t)last,
			    "name", db_text(res, i, "name"),
			    "email", db_text(res, i, "email"),
			    "load", 0, "assignments");
			json_array_append_new(members, member);
		}
		if (db_isnull(res, i, "assignment_id"))
			continue;
		json_array_append_new(json_object_get(member, "assignments"),
		    json_pack("{s:I, s:I, s:s, s:I, s:s}",
		    "id", (json_int_t)db_int(res, i, "assignment_id"),
		    "candidate_id", (json_int_t)db_int(res, i, "candidate_id"),
		    "nominee_name", db_text(res, i, "nominee_name"),
		    "category_id", (json_int_t)db_int(res, i, "category_id"),
		    "review", db_text(res, i, "review")));
		json_object_set_new(member, "load", json_integer((json_int_t)
		    json_array_size(json_object_get(member, "assignments"))));
	}
	http_json(req, 200, json_pack("{s:i, s:o, s:o}",
	    "reviewers_per_candidate",
	    (int)db_int(cyc, 0, "reviewers_per_candidate"),
	    "members", members, "candidates", db_json_rows(cands)));
out:
	PQclear(cands);
	PQclear(res);
	PQclear(cyc);
}
