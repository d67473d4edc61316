/*
 * meeting.c: the meeting of a cycle (SPEC §3, "The meeting").  In phases
 * deliberation and decided an organizer sets the current candidate; every
 * member following the meeting polls GET /api/cycles/{id}/meeting about
 * every 1.5 s with If-None-Match, and sees the candidate, or only that
 * they are conflicted with it.  Most polls find nothing new: those are
 * answered 304 by meeting_follow() before the session is loaded, from a
 * short-lived cache of the ETag per (session, cycle), or else in one
 * statement that checks the session and computes the ETag
 * (SQL_MEETING_FOLLOW), so a room of members following costs little
 * more than bare FastCGI answers (docs/deliberation.md).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "awards.h"
#include "db.h"

static const struct valid_field meeting_fields[] = {
	{ .name = "candidate_id", .type = VALID_ID, .required = 1 },
	{ .name = NULL }
};

/*
 * Whether the request's If-None-Match names etag (a quoted strong tag;
 * a weak W/ form of it matches too, as RFC 9110 has If-None-Match
 * compare weakly).  Returns 1 or 0.
 */
static int
meeting_etag_matches(const struct req *req, const char *etag)
{
	const char	*header = http_param(req, "HTTP_IF_NONE_MATCH");
	size_t		 len = strlen(etag);
	const char	*p;

	if (len == 0)
		return 0;
	for (p = strstr(header, etag); p != NULL; p = strstr(p + 1, etag))
		if ((p[len] == '\0' || p[len] == ',' || p[len] == ' ') &&
		    (p == header || p[-1] == ' ' || p[-1] == ',' ||
		    p[-1] == '/'))
			return 1;
	return strcmp(header, "*") == 0;
}

/* Answers 304 with the ETag etag. */
static void
meeting_not_modified(struct req *req, const char *etag)
{
	char	 header[160];

	snprintf(header, sizeof(header), "ETag: %s\r\n", etag);
	http_raw(req, 304, header, NULL, 0);
}

/*
 * The follow cache: the last ETag SQL_MEETING_FOLLOW gave a (session,
 * cycle), for MEETING_CACHE_NS after the statement began.  A hit answers
 * 304 without the database; anything else (no entry, an old one, an
 * If-None-Match that differs) asks the database as before.
 *
 * Why this is safe: an entry exists only once the database found the
 * session live, and a 304 carries no data, only "what you hold is still
 * current".  So a 304 from the cache shortly after the session ended, a
 * conflict appeared or the meeting moved in another process reveals
 * nothing the holder did not have; the next miss, at most
 * MEETING_CACHE_NS later, gives the new answer (401, the conflict, the
 * new candidate).  The page polls every 1.5 s, so a single page never
 * hits its own entry (each of its polls finds it expired) and sees
 * changes as promptly as without the cache; what the cache absorbs is
 * several pages of one session, and clients polling faster than the
 * page does.  Even then a change is seen at most MEETING_CACHE_NS plus
 * one poll after it, within the 2 s of SPEC §3.  Changes made through
 * this process (a pick, a phase change, a sign-out) empty the cache at
 * once (meeting_cache_clear).
 *
 * Bounded: MEETING_CACHE_SLOTS entries, direct-mapped (a new key takes
 * its slot's place), under striped mutexes since serve is threaded.
 */
#define MEETING_CACHE_SLOTS	1024
#define MEETING_CACHE_STRIPES	32
#define MEETING_CACHE_NS	(400LL * 1000 * 1000)
#define MEETING_ETAG_MAX	80

struct meeting_cache_entry {
	char		 hash[TOKEN_HASH_SIZE];
	int64_t		 cycle;
	long long	 read_at;	/* CLOCK_MONOTONIC ns, 0: empty */
	char		 etag[MEETING_ETAG_MAX];
};

static struct meeting_cache_entry meeting_cache[MEETING_CACHE_SLOTS];
static pthread_mutex_t meeting_cache_locks[MEETING_CACHE_STRIPES] = {
#define MEETING_LOCK4	PTHREAD_MUTEX_INITIALIZER, \
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, \
	PTHREAD_MUTEX_INITIALIZER
	MEETING_LOCK4, MEETING_LOCK4, MEETING_LOCK4, MEETING_LOCK4,
	MEETING_LOCK4, MEETING_LOCK4, MEETING_LOCK4, MEETING_LOCK4
#undef MEETING_LOCK4
};
_Static_assert(MEETING_CACHE_STRIPES == 8 * 4, "one initializer a lock");
/* Entries read before this instant are void (meeting_cache_clear). */
static atomic_llong	 meeting_cache_cleared;

/* CLOCK_MONOTONIC in nanoseconds. */
static long long
meeting_now_ns(void)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

/*
 * The slot of (hash, cycle).  The hash is a SHA-256 in hex, evenly
 * spread, so a few of its digits make a good index.
 */
static size_t
meeting_cache_slot(const char hash[TOKEN_HASH_SIZE], int64_t cycle)
{
	unsigned long	 v = strtoul((char[9]){ hash[2], hash[3], hash[4],
	    hash[5], hash[6], hash[7], hash[8], hash[9], '\0' }, NULL, 16);

	return (size_t)((v ^ ((uint64_t)cycle * 2654435761u)) %
	    MEETING_CACHE_SLOTS);
}

/*
 * Copies into etag the cached ETag of (hash, cycle) when one younger
 * than MEETING_CACHE_NS is there.  Returns 1 or 0.
 */
static int
meeting_cache_get(const char hash[TOKEN_HASH_SIZE], int64_t cycle,
    char etag[MEETING_ETAG_MAX])
{
	size_t				 i = meeting_cache_slot(hash, cycle);
	struct meeting_cache_entry	*e = &meeting_cache[i];
	long long			 now = meeting_now_ns();
	int				 found = 0;

	pthread_mutex_lock(&meeting_cache_locks[i % MEETING_CACHE_STRIPES]);
	if (e->read_at != 0 && e->cycle == cycle &&
	    now - e->read_at < MEETING_CACHE_NS &&
	    e->read_at > atomic_load(&meeting_cache_cleared) &&
	    strcmp(e->hash, hash) == 0) {
		memcpy(etag, e->etag, MEETING_ETAG_MAX);
		found = 1;
	}
	pthread_mutex_unlock(&meeting_cache_locks[i % MEETING_CACHE_STRIPES]);
	return found;
}

/*
 * Keeps etag for (hash, cycle), as read by a statement that began at
 * read_at: a change committed meanwhile, and cleared, voids it.
 */
static void
meeting_cache_put(const char hash[TOKEN_HASH_SIZE], int64_t cycle,
    const char *etag, long long read_at)
{
	size_t				 i = meeting_cache_slot(hash, cycle);
	struct meeting_cache_entry	*e = &meeting_cache[i];

	if (strlen(etag) >= MEETING_ETAG_MAX)
		return;
	pthread_mutex_lock(&meeting_cache_locks[i % MEETING_CACHE_STRIPES]);
	memcpy(e->hash, hash, TOKEN_HASH_SIZE);
	e->cycle = cycle;
	e->read_at = read_at;
	snprintf(e->etag, sizeof(e->etag), "%s", etag);
	pthread_mutex_unlock(&meeting_cache_locks[i % MEETING_CACHE_STRIPES]);
}

/* See awards.h. */
void
meeting_cache_clear(void)
{
	atomic_store(&meeting_cache_cleared, meeting_now_ns());
}

/* See awards.h.  A database failure here is left to the ordinary way. */
int
meeting_follow(struct req *req)
{
	PGresult	*res;
	char		 value[80], hash[TOKEN_HASH_SIZE], cycle[24];
	char		 etag[MEETING_ETAG_MAX];
	long long	 read_at;
	int		 answered = 0;

	if (http_param(req, "HTTP_IF_NONE_MATCH")[0] == '\0' ||
	    !http_cookie(req, session_cookie_name(), value, sizeof(value)) ||
	    strlen(value) != 64)
		return 0;
	token_hash(value, hash);
	if (meeting_cache_get(hash, req->ids[0], etag)) {
		if (!meeting_etag_matches(req, etag))
			return 0;
		meeting_not_modified(req, etag);
		return 1;
	}
	read_at = meeting_now_ns();
	res = DB_EXEC(req->db, SQL_MEETING_FOLLOW, hash,
	    db_i64(cycle, (long long)req->ids[0]));
	if (res == NULL)
		return 0;
	if (PQntuples(res) == 1) {
		meeting_cache_put(hash, req->ids[0], db_text(res, 0, "etag"),
		    read_at);
		if (meeting_etag_matches(req, db_text(res, 0, "etag"))) {
			meeting_not_modified(req, db_text(res, 0, "etag"));
			answered = 1;
		}
	}
	PQclear(res);
	return answered;
}

/*
 * GET /api/cycles/{id}/meeting (member, organizer): the meeting's
 * current candidate, {"cycle_id", "phase", "candidate_id", "set_at",
 * "conflicted": false} (candidate_id and set_at null before the first
 * pick), or for a member conflicted with it {"cycle_id", "phase",
 * "candidate_id": null, "conflicted": true} and nothing else.  With an
 * ETag; 304 to a matching If-None-Match.  200; 304; 401; 404 no such
 * cycle; 409 wrong_phase; 503.
 */
void
meeting_get(struct req *req)
{
	PGresult	*res;
	char		 cycle[24], user[24], header[160];
	const char	*etag;
	json_t		*out;

	res = DB_EXEC(req->db, SQL_MEETING_GET,
	    db_i64(cycle, (long long)req->ids[0]),
	    db_i64(user, (long long)req->user.id),
	    req->user.role == ROLE_ORGANIZER ? "true" : "false");
	if (res == NULL)
		return;
	if (!http_row_found(req, res, "cycle"))
		goto out;
	if (!phase_guard(req, ACTION_MEETING, db_text(res, 0, "phase")))
		goto out;
	etag = db_text(res, 0, "etag");
	if (meeting_etag_matches(req, etag)) {
		meeting_not_modified(req, etag);
		goto out;
	}
	if (db_bool(res, 0, "conflicted"))
		out = json_pack("{s:I, s:s, s:n, s:b}", "cycle_id",
		    (json_int_t)req->ids[0], "phase", db_text(res, 0, "phase"),
		    "candidate_id", "conflicted", 1);
	else
		out = json_pack("{s:I, s:s, s:o, s:o, s:b}", "cycle_id",
		    (json_int_t)req->ids[0], "phase", db_text(res, 0, "phase"),
		    "candidate_id", db_json_int(res, 0, "candidate_id"),
		    "set_at", db_json_text(res, 0, "set_at"),
		    "conflicted", 0);
	snprintf(header, sizeof(header), "ETag: %s\r\n", etag);
	http_json_headers(req, 200, header, out);
out:
	PQclear(res);
}

/*
 * PUT /api/cycles/{id}/meeting (organizer) {"candidate_id"}: makes an
 * eligible candidate of the cycle the meeting's current one (again, if
 * it was: the members' pages reload it), audited (meeting.set).  200
 * {"cycle_id", "candidate_id", "set_at"}; 400; 401; 403; 404 no such
 * cycle; 409 wrong_phase; 415; 422 not an eligible candidate of the
 * cycle; 503.
 */
void
meeting_put(struct req *req)
{
	PGresult	*cyc = NULL, *cand = NULL, *res = NULL;
	json_t		*body, *detail = NULL;
	char		 cycle[24], id[24], user[24];

	if ((body = valid_body(req, meeting_fields)) == NULL)
		return;
	db_i64(cycle, (long long)req->ids[0]);
	db_i64(id, (long long)json_integer_value(json_object_get(body,
	    "candidate_id")));
	detail = json_pack("{s:I}", "candidate_id",
	    json_integer_value(json_object_get(body, "candidate_id")));
	if ((cyc = db_begin_find(req, SQL_MEETING_CYCLE, "cycle")) == NULL)
		goto out;
	if (!phase_guard(req, ACTION_MEETING, db_text(cyc, 0, "phase")))
		goto out;
	if ((cand = DB_EXEC(req->db, SQL_MEETING_CANDIDATE, id,
	    cycle)) == NULL)
		goto out;
	if (PQntuples(cand) == 0) {
		http_error(req, 422, "invalid", "not an eligible candidate of "
		    "this cycle", json_pack("{s:s}", "candidate_id", "is not "
		    "an eligible candidate of this cycle"));
		goto out;
	}
	if ((res = DB_EXEC(req->db, SQL_MEETING_SET, cycle, id,
	    db_i64(user, (long long)req->user.id))) == NULL ||
	    audit_write(req, "meeting.set", "cycle", req->ids[0],
	    detail) == -1 || db_commit(req->db) == -1)
		goto out;
	meeting_cache_clear();
	http_json(req, 200, json_pack("{s:I, s:I, s:s}", "cycle_id",
	    (json_int_t)req->ids[0], "candidate_id",
	    (json_int_t)db_int(res, 0, "candidate_id"), "set_at",
	    db_text(res, 0, "set_at")));
out:
	PQclear(cyc);
	PQclear(cand);
	PQclear(res);
	json_decref(detail);
	json_decref(body);
}
