/*
 * metrics.c: GET /api/metrics, the Prometheus text format (version
 * 0.0.4).  What the process counts (requests by route and status, their
 * latency, waits for a database slot) lives in atomic counters shared by
 * every thread of awards serve, counted without a lock; what the database
 * knows (the outbox) is read by one statement at each scrape.  nginx lets
 * only the addresses its site allows reach the route (nginx/).
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

/* The statuses the application answers; any other is counted as 0. */
static const int metrics_statuses[] = {
	200, 201, 202, 204, 304, 400, 401, 403, 404, 405, 409, 410, 413, 415,
	422, 429, 500, 503, 0
};
#define METRICS_STATUS__MAX \
	(sizeof(metrics_statuses) / sizeof(metrics_statuses[0]))

/* Upper bounds of the latency histogram's buckets, in seconds. */
static const double metrics_bounds[] = {
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
};
#define METRICS_BOUND__MAX \
	(sizeof(metrics_bounds) / sizeof(metrics_bounds[0]))

/* Row ROUTE_COUNT_MAX: requests that matched no route. */
static atomic_ulong	 metrics_requests[ROUTE_COUNT_MAX + 1]
			    [METRICS_STATUS__MAX];
/* Per bucket, not cumulative (summed when written); the last: +Inf. */
static atomic_ulong	 metrics_latency[METRICS_BOUND__MAX + 1];
static atomic_ulong	 metrics_latency_us;
static atomic_ulong	 metrics_slot_waits;
static atomic_ulong	 metrics_slot_wait_us;

/*
 * Counts one finished request: route is its index in the route table, or
 * -1 when none matched; ms its time from first byte to log line.
 */
void
metrics_request(int route, int status, double ms)
{
	size_t	 s, b;

	for (s = 0; metrics_statuses[s] != 0 &&
	    metrics_statuses[s] != status; s++)
		continue;
	if (route < 0 || route >= ROUTE_COUNT_MAX)
		route = ROUTE_COUNT_MAX;
	atomic_fetch_add_explicit(&metrics_requests[route][s], 1,
	    memory_order_relaxed);
	for (b = 0; b < METRICS_BOUND__MAX &&
	    ms / 1000.0 > metrics_bounds[b]; b++)
		continue;
	atomic_fetch_add_explicit(&metrics_latency[b], 1,
	    memory_order_relaxed);
	atomic_fetch_add_explicit(&metrics_latency_us,
	    (unsigned long)(ms * 1000.0), memory_order_relaxed);
}

/* Counts one request that waited ms for a database slot (server.c). */
void
metrics_slot_wait(double ms)
{
	atomic_fetch_add_explicit(&metrics_slot_waits, 1,
	    memory_order_relaxed);
	atomic_fetch_add_explicit(&metrics_slot_wait_us,
	    (unsigned long)(ms * 1000.0), memory_order_relaxed);
}

/* Appends printf-style text to b (lines of the format are short). */
static void
metrics_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
metrics_printf(struct buf *b, const char *fmt, ...)
{
	char	 line[512];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		buf_add(b, line, (size_t)n < sizeof(line) ? (size_t)n :
		    sizeof(line) - 1);
}

/* The counters of requests, latency and slot waits, into b. */
static void
metrics_process(struct buf *b)
{
	const char	*method, *pattern;
	unsigned long	 n, total = 0;
	size_t		 r, s;
	char		 status[8];

	buf_str(b, "# HELP awards_http_requests_total Requests answered by "
	    "this awards serve, by route and status.\n"
	    "# TYPE awards_http_requests_total counter\n");
	for (r = 0; r <= ROUTE_COUNT_MAX; r++)
		for (s = 0; s < METRICS_STATUS__MAX; s++) {
			n = atomic_load_explicit(&metrics_requests[r][s],
			    memory_order_relaxed);
			if (n == 0)
				continue;
			if (r == ROUTE_COUNT_MAX)
				method = "", pattern = "none";
			else
				route_describe(r, &method, &pattern);
			snprintf(status, sizeof(status), "%d",
			    metrics_statuses[s]);
			metrics_printf(b, "awards_http_requests_total{route=\""
			    "%s%s%s\",status=\"%s\"} %lu\n", method,
			    *method != '\0' ? " " : "", pattern,
			    metrics_statuses[s] != 0 ? status : "other", n);
		}
	buf_str(b, "# HELP awards_http_request_duration_seconds Time from "
	    "a request's arrival at awards serve to its answer.\n"
	    "# TYPE awards_http_request_duration_seconds histogram\n");
	for (s = 0; s <= METRICS_BOUND__MAX; s++) {
		total += atomic_load_explicit(&metrics_latency[s],
		    memory_order_relaxed);
		if (s < METRICS_BOUND__MAX)
			metrics_printf(b, "awards_http_request_duration_"
			    "seconds_bucket{le=\"%g\"} %lu\n",
			    metrics_bounds[s], total);
		else
			metrics_printf(b, "awards_http_request_duration_"
			    "seconds_bucket{le=\"+Inf\"} %lu\n", total);
	}
	metrics_printf(b, "awards_http_request_duration_seconds_sum %.6f\n"
	    "awards_http_request_duration_seconds_count %lu\n",
	    atomic_load(&metrics_latency_us) / 1e6, total);
	metrics_printf(b, "# HELP awards_db_slot_waits_total Requests that "
	    "waited for one of AWARDS_DB_SLOTS.\n"
	    "# TYPE awards_db_slot_waits_total counter\n"
	    "awards_db_slot_waits_total %lu\n"
	    "# HELP awards_db_slot_wait_seconds_total Time requests spent "
	    "waiting for a slot.\n"
	    "# TYPE awards_db_slot_wait_seconds_total counter\n"
	    "awards_db_slot_wait_seconds_total %.6f\n",
	    atomic_load(&metrics_slot_waits),
	    atomic_load(&metrics_slot_wait_us) / 1e6);
}

/*
 * The outbox by status and the age of its oldest queued mail, into b.
 * Returns 0, or -1 when the database failed.
 */
static int
metrics_outbox(struct db *db, struct buf *b)
{
	PGresult	*res;
	int		 i;

	if ((res = DB_EXEC0(db, SQL_METRICS_OUTBOX)) == NULL)
		return -1;
	buf_str(b, "# HELP awards_outbox_mails Mails in the outbox, by "
	    "status.\n# TYPE awards_outbox_mails gauge\n");
	for (i = 0; i < PQntuples(res); i++)
		metrics_printf(b, "awards_outbox_mails{status=\"%s\"} %lld\n",
		    db_text(res, i, "status"), db_int(res, i, "count"));
	buf_str(b, "# HELP awards_outbox_oldest_queued_seconds Age of the "
	    "oldest queued mail (0: none queued).\n"
	    "# TYPE awards_outbox_oldest_queued_seconds gauge\n");
	metrics_printf(b, "awards_outbox_oldest_queued_seconds %lld\n",
	    PQntuples(res) > 0 && !db_isnull(res, 0, "oldest_queued_s") ?
	    db_int(res, 0, "oldest_queued_s") : 0);
	PQclear(res);
	return 0;
}

/*
 * Answers 200 with every metric in Prometheus' text format, or 503 when
 * the database does not answer (the process's own counters alone would
 * hide that the outbox cannot be read).
 */
void
metrics_get(struct req *req)
{
	struct buf	 b = { 0 };
	char		*text;
	size_t		 len;

	metrics_process(&b);
	if (metrics_outbox(req->db, &b) == -1) {
		buf_free(&b);
		http_db_error(req);
		return;
	}
	if (buf_finish(&b, &text, &len) == -1) {
		http_internal(req, "out of memory");
		return;
	}
	http_raw(req, 200, "Content-Type: text/plain; version=0.0.4; "
	    "charset=utf-8\r\n", text, len);
	free(text);
}
