/*
 * route.c: the route table (method + path pattern -> handler, role) and
 * the one place where access is enforced, so no handler can forget it:
 * the role a route needs, and the CSRF token on every non-GET request
 * made with a session.  A route of ROLE_ANYONE is public: it never reads
 * the session (SPEC §4), so a signed-in member nominates, confirms and
 * manages like anyone else, without a CSRF header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "awards.h"
#include "db.h"

struct route {
	enum method	 method;
	const char	*pattern;	/* "{id}": a positive integer;
					 * "{name}": [a-z_]{1,40} */
	void		(*handler)(struct req *);
	enum role	 role;
};

static const struct route routes[] = {
	/* sessions, users, audit */
	{ METHOD_POST, "/api/session", session_create, ROLE_ANYONE },
	{ METHOD_GET, "/api/session", session_get, ROLE_USER },
	{ METHOD_DELETE, "/api/session", session_delete, ROLE_USER },
	{ METHOD_POST, "/api/session/link", session_link, ROLE_ANYONE },
	{ METHOD_POST, "/api/session/token", session_token, ROLE_ANYONE },
	{ METHOD_POST, "/api/users", user_create, ROLE_ORGANIZER },
	{ METHOD_GET, "/api/users", user_list, ROLE_ORGANIZER },
	{ METHOD_POST, "/api/users/{id}/invite", user_reinvite,
	    ROLE_ORGANIZER },
	{ METHOD_GET, "/api/audit", audit_list, ROLE_ORGANIZER },

	/* cycles: settings, phases, the personal data purged */
	{ METHOD_POST, "/api/cycles", cycle_create, ROLE_ORGANIZER },
	{ METHOD_GET, "/api/cycles", cycle_list, ROLE_ORGANIZER },
	{ METHOD_GET, "/api/cycles/{id}", cycle_get, ROLE_ORGANIZER },
	{ METHOD_PATCH, "/api/cycles/{id}", cycle_patch, ROLE_ORGANIZER },
	{ METHOD_POST, "/api/cycles/{id}/phase", cycle_phase, ROLE_ORGANIZER },
	{ METHOD_GET, "/api/cycles/current", cycle_current, ROLE_ANYONE },
	{ METHOD_GET, "/api/cycles/{id}/purge", purge_preview,
	    ROLE_ORGANIZER },
	{ METHOD_POST, "/api/cycles/{id}/purge", purge_post,
	    ROLE_ORGANIZER },

	/* categories, criteria */
	{ METHOD_POST, "/api/cycles/{id}/categories", rubric_category_create,
	    ROLE_ORGANIZER },
	{ METHOD_PATCH, "/api/categories/{id}", rubric_category_patch,
	    ROLE_ORGANIZER },
	{ METHOD_DELETE, "/api/categories/{id}", rubric_category_delete,
	    ROLE_ORGANIZER },
	{ METHOD_POST, "/api/cycles/{id}/criteria", criterion_create,
	    ROLE_ORGANIZER },
	{ METHOD_PATCH, "/api/criteria/{id}", criterion_patch,
	    ROLE_ORGANIZER },
	{ METHOD_DELETE, "/api/criteria/{id}", criterion_delete,
	    ROLE_ORGANIZER },

	/* nominations: public, no session (nominators, the contact address) */
	{ METHOD_POST, "/api/nominations", nomination_submit, ROLE_ANYONE },
	{ METHOD_POST, "/api/nominations/confirm", nomination_confirm,
	    ROLE_ANYONE },
	{ METHOD_POST, "/api/nominations/manage", nomination_manage,
	    ROLE_ANYONE },
	{ METHOD_POST, "/api/nominations/links", links_request, ROLE_ANYONE },
	{ METHOD_POST, "/api/nominations/correct", nomination_correct,
	    ROLE_ANYONE },
	{ METHOD_GET, "/api/contact", contact_get, ROLE_ANYONE },

	/* screening, merging candidates */
	{ METHOD_GET, "/api/cycles/{id}/candidates", screening_list,
	    ROLE_ORGANIZER },
	{ METHOD_PATCH, "/api/nominations/{id}", screening_patch,
	    ROLE_ORGANIZER },
	{ METHOD_POST, "/api/candidates/{id}/merge", merge_candidates,
	    ROLE_ORGANIZER },

	/* assignments and the reminders of late reviews */
	{ METHOD_POST, "/api/cycles/{id}/assignments/auto", assignment_auto,
	    ROLE_ORGANIZER },
	{ METHOD_GET, "/api/cycles/{id}/assignments", assignment_list,
	    ROLE_ORGANIZER },
	{ METHOD_POST, "/api/assignments", assignment_create,
	    ROLE_ORGANIZER },
	{ METHOD_DELETE, "/api/assignments/{id}", assignment_delete,
	    ROLE_ORGANIZER },
	{ METHOD_GET, "/api/me/assignments", me_assignments, ROLE_MEMBER },
	{ METHOD_GET, "/api/cycles/{id}/reminders", remind_list,
	    ROLE_ORGANIZER },
	{ METHOD_POST, "/api/cycles/{id}/reminders", remind_post,
	    ROLE_ORGANIZER },

	/* conflicts of interest */
	{ METHOD_POST, "/api/candidates/{id}/attest", candidate_attest,
	    ROLE_MEMBER },
	{ METHOD_POST, "/api/candidates/{id}/conflicts", candidate_conflict,
	    ROLE_MEMBER },
	{ METHOD_GET, "/api/cycles/{id}/conflicts", conflict_list,
	    ROLE_ORGANIZER },
	{ METHOD_DELETE, "/api/conflicts/{id}", conflict_delete,
	    ROLE_ORGANIZER },

	/* candidates, reviews */
	{ METHOD_GET, "/api/candidates/{id}", member_candidate_get,
	    ROLE_MEMBER },
	{ METHOD_PUT, "/api/candidates/{id}/review", review_put,
	    ROLE_MEMBER },
	{ METHOD_GET, "/api/candidates/{id}/reviews", review_list,
	    ROLE_MEMBER },
	{ METHOD_POST, "/api/reviews/{id}/reopen", review_reopen,
	    ROLE_ORGANIZER },

	/* deliberation: discussion threads, the meeting */
	{ METHOD_GET, "/api/candidates/{id}/comments", comment_list,
	    ROLE_MEMBER },
	{ METHOD_POST, "/api/candidates/{id}/comments", comment_create,
	    ROLE_MEMBER },
	{ METHOD_PATCH, "/api/comments/{id}", comment_patch, ROLE_MEMBER },
	{ METHOD_DELETE, "/api/comments/{id}", comment_delete, ROLE_MEMBER },
	{ METHOD_GET, "/api/cycles/{id}/meeting", meeting_get, ROLE_MEMBER },
	{ METHOD_PUT, "/api/cycles/{id}/meeting", meeting_put,
	    ROLE_ORGANIZER },

	/* rankings, the overview, decisions, the announcement, the export */
	{ METHOD_GET, "/api/cycles/{id}/rankings", ranking_get, ROLE_MEMBER },
	{ METHOD_GET, "/api/cycles/{id}/overview", overview_get,
	    ROLE_ORGANIZER },
	{ METHOD_GET, "/api/cycles/{id}/decisions", decision_list,
	    ROLE_ORGANIZER },
	{ METHOD_PUT, "/api/candidates/{id}/decision", decision_put,
	    ROLE_ORGANIZER },
	{ METHOD_POST, "/api/cycles/{id}/announce", announce_post,
	    ROLE_ORGANIZER },
	{ METHOD_GET, "/api/cycles/{id}/awardees", announce_awardees_get,
	    ROLE_ANYONE },
	{ METHOD_GET, "/api/cycles/announced", announce_cycles,
	    ROLE_ANYONE },
	{ METHOD_GET, "/api/cycles/{id}/export.csv", export_csv,
	    ROLE_ORGANIZER },
	{ METHOD_GET, "/api/cycles/{id}/nominations.csv",
	    export_nominations_csv, ROLE_ORGANIZER },

	/* outbox, templates */
	{ METHOD_GET, "/api/outbox", outbox_list, ROLE_ORGANIZER },
	{ METHOD_POST, "/api/outbox/{id}/retry", outbox_retry,
	    ROLE_ORGANIZER },
	{ METHOD_POST, "/api/outbox/release", outbox_release,
	    ROLE_ORGANIZER },
	{ METHOD_GET, "/api/cycles/{id}/templates/{name}", template_get,
	    ROLE_ORGANIZER },
	{ METHOD_PUT, "/api/cycles/{id}/templates/{name}", template_put,
	    ROLE_ORGANIZER },

	/* letters of support, the nominee's voice */
	{ METHOD_POST, "/api/letters", letter_post, ROLE_ANYONE },
	{ METHOD_POST, "/api/nominee", nominee_post, ROLE_ANYONE },

	/* health, metrics, phases */
	{ METHOD_GET, "/api/health", health_get, ROLE_ANYONE },
	/* Reachable only from the addresses nginx allows (nginx/). */
	{ METHOD_GET, "/api/metrics", metrics_get, ROLE_ANYONE },
	{ METHOD_GET, "/api/phases", phase_list, ROLE_USER },
};

#define ROUTE__MAX	(sizeof(routes) / sizeof(routes[0]))
_Static_assert(ROUTE__MAX <= ROUTE_COUNT_MAX, "raise ROUTE_COUNT_MAX");

/* The method and pattern of route i, as metrics label it. */
void
route_describe(size_t i, const char **method, const char **pattern)
{
	*method = http_method_name(routes[i].method);
	*pattern = routes[i].pattern;
}

/*
 * Handlers with a shorter way, tried before the session is loaded: it
 * answers by itself (returning 1) a request it can answer in one
 * statement that checks the session too (the meeting's 304 to members
 * polling it), else returns 0 and the request takes the ordinary way.
 */
static const struct {
	void	(*handler)(struct req *);
	int	(*early)(struct req *);
} route_early[] = {
	{ meeting_get, meeting_follow },
};

/*
 * Whether path matches pattern segment by segment; the integers matched by
 * {id} go into ids[] in order, the word matched by {name} (at most one)
 * into segment.  Returns 1 or 0.
 */
int
route_match(const char *pattern, const char *path, int64_t ids[2],
    char segment[ROUTE_SEGMENT_MAX])
{
	size_t		 plen, slen;
	int		 nids = 0;
	long long	 v;
	const char	*q;

	for (;;) {
		plen = strcspn(pattern, "/");
		slen = strcspn(path, "/");
		if (plen == 4 && strncmp(pattern, "{id}", 4) == 0) {
			if (slen == 0 || slen > 15 || nids == 2 ||
			    path[0] == '0')
				return 0;
			v = 0;
			for (q = path; q < path + slen; q++) {
				if (*q < '0' || *q > '9')
					return 0;
				v = v * 10 + (*q - '0');
			}
			ids[nids++] = v;
		} else if (plen == 6 && strncmp(pattern, "{name}", 6) == 0) {
			if (slen == 0 || slen >= ROUTE_SEGMENT_MAX)
				return 0;
			for (q = path; q < path + slen; q++)
				if ((*q < 'a' || *q > 'z') && *q != '_')
					return 0;
			memcpy(segment, path, slen);
			segment[slen] = '\0';
		} else if (plen != slen || strncmp(pattern, path, plen) != 0)
			return 0;
		pattern += plen;
		path += slen;
		if (*pattern == '\0' || *path == '\0')
			return *pattern == *path;
		pattern++;
		path++;
	}
}

/* Whether the signed-in user may use a route needing role. */
static int
route_allowed(const struct req *req, enum role role)
{
	switch (role) {
	case ROLE_ANYONE:
		return 1;
	case ROLE_USER:
	case ROLE_MEMBER:
		return req->user.id != 0;
	case ROLE_ORGANIZER:
		return req->user.id != 0 && req->user.role == ROLE_ORGANIZER;
	default:
		return 0;
	}
}

/*
 * Runs a handler and ends what it left: a transaction still open is
 * rolled back (whatever a refused request wrote is not kept), and a
 * request left without an answer met a database failure, which
 * http_db_error() answers from db_status().  So a handler answers only
 * what is its own (its 2xx, its 404, its 409) and, on a failed
 * statement, just returns.
 */
static void
route_run(struct req *req, void (*handler)(struct req *))
{
	handler(req);
	if (req->status == 0)
		http_db_error(req);
	db_rollback(req->db);
}

/*
 * Finds the route for the request and runs its handler after the checks
 * every route shares.  Statuses of its own: 404 unknown path, 405 known
 * path with another method (with Allow), 503 database unavailable,
 * 401 no session where one is needed, 403 role or CSRF.
 */
void
route_dispatch(struct req *req)
{
	const struct route	*r, *found = NULL;
	char			 allow[128] = "", header[160];
	const char		*csrf;
	size_t			 i;
	int64_t			 ids[2];
	char			 segment[ROUTE_SEGMENT_MAX];

	for (i = 0; i < ROUTE__MAX; i++) {
		r = &routes[i];
		memset(ids, 0, sizeof(ids));
		segment[0] = '\0';
		if (!route_match(r->pattern, req->path, ids, segment))
			continue;
		if (r->method == req->method) {
			found = r;
			req->route = (int)i;
			memcpy(req->ids, ids, sizeof(ids));
			memcpy(req->segment, segment, sizeof(segment));
			break;
		}
		if (strstr(allow, http_method_name(r->method)) == NULL)
			snprintf(allow + strlen(allow), sizeof(allow) -
			    strlen(allow), "%s%s", allow[0] != '\0' ? ", " : "",
			    http_method_name(r->method));
	}
	if (found == NULL && allow[0] != '\0') {
		snprintf(header, sizeof(header), "Allow: %s\r\n", allow);
		http_json_headers(req, 405, header, json_pack(
		    "{s:{s:s, s:s}}", "error", "code", "method_not_allowed",
		    "message", "this path does not take this method"));
		return;
	}
	if (found == NULL) {
		http_error(req, 404, "not_found", "no such resource", NULL);
		return;
	}
	if (db_ready(req->db) == -1) {
		http_db_error(req);
		return;
	}
	for (i = 0; i < sizeof(route_early) / sizeof(route_early[0]); i++)
		if (route_early[i].handler == found->handler &&
		    route_early[i].early(req))
			return;
	/* Public routes never see the session: req->user stays empty. */
	if (found->role == ROLE_ANYONE) {
		route_run(req, found->handler);
		return;
	}
	if (session_load(req) == -1)
		return;
	if (req->user.id != 0 && req->method != METHOD_GET) {
		csrf = http_param(req, "HTTP_X_CSRF_TOKEN");
		if (strlen(csrf) != strlen(req->user.csrf) ||
		    sodium_memcmp(csrf, req->user.csrf, strlen(csrf)) != 0) {
			http_error(req, 403, "csrf",
			    "missing or wrong X-CSRF-Token header", NULL);
			return;
		}
	}
	if (!route_allowed(req, found->role)) {
		if (req->user.id == 0)
			http_error(req, 401, "unauthenticated",
			    "sign in first", NULL);
		else
			http_error(req, 403, "forbidden",
			    "your role does not allow this", NULL);
		return;
	}
	route_run(req, found->handler);
}
