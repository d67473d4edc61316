/*
 * Awards: types and functions shared by the modules of the `awards` binary.
 * Each module's functions carry its prefix: http_, route_, db_, valid_, ...
 * The shared types come first, then one block per file of cgi/, in the
 * order of their names; a declaration goes in the block of the file that
 * defines it.
 */
#ifndef AWARDS_H
#define AWARDS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <fcgiapp.h>
#include <jansson.h>

struct db;
struct pg_result;	/* libpq's PGresult, for modules that need not see it */

/* Configuration from the environment, read once at start-up (config.c). */
struct config {
	const char	*database_url;
	const char	*migrate_database_url;	/* the owner role's */
	const char	*database_password;	/* the application role's, or
						   NULL: in the URL or a
						   passfile */
	const char	*socket;
	int		 threads;
	int		 db_slots;	/* requests at the database at once */
	const char	*base_url;
	const char	*smtp_url;
	const char	*smtp_user;
	const char	*smtp_password;
	const char	*smtp_starttls;	/* required, optional or off */
	const char	*mail_from;
	const char	*mail_from_name;	/* display name of the sender */
	int		 secure_cookies;	/* base_url is https */
};

extern struct config config;

enum method {
	METHOD_GET,
	METHOD_POST,
	METHOD_PUT,
	METHOD_PATCH,
	METHOD_DELETE,
	METHOD__MAX
};

enum role {
	ROLE_ANYONE,	/* no session needed */
	ROLE_USER,	/* any signed-in user */
	ROLE_MEMBER,	/* committee member (organizers pass too) */
	ROLE_ORGANIZER,
	ROLE__MAX
};

/* The signed-in user of a request, if any (id == 0 when none). */
struct user {
	int64_t		 id;
	enum role	 role;
	char		 email[256];
	char		 name[801];	/* 200 characters of UTF-8 */
	char		 lang[8];	/* of the mails to it; "": unknown */
	char		 csrf[64];
	int64_t		 session_id;
};

/* A {name} segment of a route: [a-z_], 1 to 40 bytes, and its NUL. */
#define ROUTE_SEGMENT_MAX	41
/* At most this many routes (metrics.c keeps counters for each). */
#define ROUTE_COUNT_MAX		96
/* Longest request id nginx passes ($request_id is 32 hex digits). */
#define REQUEST_ID_MAX		40

/*
 * One request in flight.  Owned by the thread that accepted it; everything
 * here lives until http_request_end().
 */
struct req {
	FCGX_Request	*fcgi;
	struct db	*db;
	enum method	 method;
	const char	*path;		/* without the query string */
	const char	*query;		/* never NULL */
	const char	*remote_addr;	/* from nginx, never from a header */
	char		*body;		/* NUL-terminated, bodylen bytes */
	size_t		 bodylen;
	int64_t		 ids[2];	/* integers matched by {id} in routes */
	char		 segment[ROUTE_SEGMENT_MAX];	/* by {name}, or "" */
	struct user	 user;
	int		 status;	/* set when the response is written */
	int		 route;		/* index in routes[], -1 for none */
	struct timespec	 start;
};

/*
 * One field of a request body, for valid_body() (valid.c).  Tables end
 * with a NULL name and are written with designated initializers:
 * { .name = "weight", .type = VALID_NUMBER, .hi = 100 }.
 */
enum valid_type {
	VALID_TEXT,	/* one line, trimmed */
	VALID_LONGTEXT,	/* may hold \n and \t */
	VALID_EMAIL,	/* trimmed, then valid_email() */
	VALID_URL,	/* trimmed, then valid_url(): http(s) only */
	VALID_SECRET,	/* a password: kept as sent, no NUL, .max bytes */
	VALID_BOOL,
	VALID_ID,	/* a positive integer */
	VALID_INT,	/* an integer from lo to hi */
	VALID_NUMBER,	/* above 0, at most hi, in hundredths */
	VALID_TIME,	/* RFC 3339 text: 2027-03-01T05:00:00Z */
	VALID_ENUM,	/* one of the strings of choices */
	VALID_OBJECT,	/* checked against sub; NULL: the handler checks */
	VALID_ARRAY	/* at most .max objects, each checked against sub */
};

struct valid_field {
	const char			*name;
	enum valid_type			 type;
	int				 required;
	size_t				 min, max;	/* characters */
	long long			 lo, hi;	/* VALID_INT */
	const char *const		*choices;	/* VALID_ENUM */
	const struct valid_field	*sub;		/* VALID_OBJECT */
};

/* announce.c */
void	 announce_post(struct req *);
void	 announce_awardees_get(struct req *);
void	 announce_cycles(struct req *);

/*
 * assignment.c: the handlers, and the plan of an automatic assignment run
 * (pure).  Each candidate's refused members (assigned already, or
 * conflicted) are the run [taken, taken + ntaken) of pairs, sorted by
 * user within it.
 * assign_plan() sorts c (most constrained first), adds to the loads of m
 * and lowers each need by what it got; the new pairs go to out_candidate
 * and out_user (room for the sum of the needs), *nout their number.
 * Returns 0, or -1 when out of memory.
 */
struct assign_member {
	int64_t		 id;
	long long	 load;
	long long	 added;		/* new assignments of this run */
};
struct assign_candidate {
	int64_t		 id;
	long long	 need;		/* reviewers still wanted */
	size_t		 taken, ntaken;
};
struct assign_pair {
	int64_t		 candidate, user;
};
int	 assign_plan(struct assign_member *, size_t nm,
	    struct assign_candidate *, size_t nc, const struct assign_pair *,
	    int64_t *out_candidate, int64_t *out_user, size_t *nout);
void	 assignment_auto(struct req *);
void	 assignment_create(struct req *);
void	 assignment_delete(struct req *);
void	 assignment_list(struct req *);

/*
 * audit.c: appends to the audit log inside the caller's transaction, so
 * the entry exists if and only if the write it records commits.  detail
 * (may be NULL) is not stolen.  Returns 0, or -1 on a database failure.
 */
int	 audit_write(struct req *, const char *action,
	    const char *object_type, int64_t object_id, json_t *detail);
int	 audit_record(struct db *, int64_t user_id, const char *address,
	    const char *action, const char *object_type, int64_t object_id,
	    json_t *detail);

void	 audit_list(struct req *);

/* buf.c: a growing string; start from struct buf b = { 0 }. */
struct buf {
	char	*s;		/* NUL-terminated once anything was added */
	size_t	 len, cap;
	int	 failed;	/* an allocation failed on the way */
};
void	 buf_add(struct buf *, const char *, size_t);
void	 buf_str(struct buf *, const char *);
void	 buf_json_str(struct buf *, const char *);
int	 buf_finish(struct buf *, char **out, size_t *outlen);
void	 buf_free(struct buf *);

/* comment.c: a candidate's discussion thread. */
void	 comment_list(struct req *);
void	 comment_create(struct req *);
void	 comment_patch(struct req *);
void	 comment_delete(struct req *);

/* config.c */
int	 config_load(char *why, size_t whysz);
int	 config_read_secret(const char *name, const char *path, char *out,
	    size_t outsz, char *why, size_t whysz);

/* conflict.c */
void	 candidate_attest(struct req *);
void	 candidate_conflict(struct req *);
void	 conflict_list(struct req *);
void	 conflict_delete(struct req *);

/*
 * contact.c: whom to write to: the address in column col of row (a
 * contact_address() of migration 0012), or the sender AWARDS_MAIL_FROM
 * when no cycle names one.  Pages and mails answer alike.
 */
const char *contact_or_sender(const struct pg_result *, int row,
	    const char *col);
void	 contact_get(struct req *);

/* correct.c: "Wrong address?" */
void	 nomination_correct(struct req *);

/* cycle.c: settings and phases; the field tables are fuzzed (fuzz/). */
extern const struct valid_field cycle_create_fields[];
extern const struct valid_field cycle_phase_fields[];
void	 cycle_current(struct req *);
void	 cycle_create(struct req *);
void	 cycle_list(struct req *);
void	 cycle_get(struct req *);
void	 cycle_patch(struct req *);
void	 cycle_phase(struct req *);

/*
 * decision.c: how many eligible candidates of the cycle have no decision
 * yet, into *missing; the move to decided needs 0 (409 otherwise).
 * Returns 0, or -1 on a database failure (see db_status()).
 */
int	 decision_missing(struct db *, int64_t cycle_id, long long *missing);
void	 decision_put(struct req *);
void	 decision_list(struct req *);

/* event.c: the events that mail someone, by name and placeholders. */
enum mail_event {
	EVENT_NOMINATION_CREATED,
	EVENT_NOMINATION_CONFIRMED,
	EVENT_CANDIDATE_NOMINATED,
	EVENT_USER_INVITED,
	EVENT_LOGIN_LINK,
	EVENT_ASSIGNMENTS_MADE,
	EVENT_REMINDER,
	EVENT_CONFLICT_DECLARED,
	EVENT_ANNOUNCEMENT_AWARDEE,
	EVENT_ANNOUNCEMENT_NOMINATOR,
	EVENT_ANNOUNCEMENT_THANKS,
	EVENT_ANNOUNCEMENT_LIST,
	EVENT_NOMINATION_LINKS,
	EVENT_LETTER_REQUESTED,
	EVENT_LETTER_REMINDER,
	EVENT_LETTER_RECEIVED,
	EVENT_REVIEW_REOPENED,
	EVENT__MAX
};

struct mail_event_info {
	const char	*name;		/* in outbox.event and templates */
	const char	*names[8];	/* placeholders, NULL-terminated */
	int		 global;	/* not per cycle: no cycle's copy */
	/* The event whose dedupe keys its mails share; NULL: its own. */
	const char	*dedupe_as;
};

extern const struct mail_event_info mail_events[EVENT__MAX];
int	 event_parse(const char *name);

/*
 * event.c: the languages mails and pages are written in (SPEC §9),
 * NULL-terminated; each has a catalogue web/i18n/LANG.json.  LANG_DEFAULT
 * is the last resort of every fallback.
 */
#define LANG_DEFAULT	"en"
extern const char *const languages[];
int	 lang_supported(const char *);

/* export.c */
void	 export_csv(struct req *);
void	 export_nominations_csv(struct req *);
int	 export_cell(struct buf *, const char *);

/* health.c */
int	 health_init(void);
void	 health_get(struct req *);

/* http.c: request reading, responses, error JSON. */
#define HTTP_BODY_MAX	(128 * 1024)	/* SPEC §4: 20,000 4-byte characters fit */
int	 http_request_begin(struct req *, FCGX_Request *, struct db *);
void	 http_request_end(struct req *);
const char *http_param(const struct req *, const char *);
const char *http_method_name(enum method);
void	 http_json(struct req *, int status, json_t *);
void	 http_json_headers(struct req *, int status, const char *headers,
	    json_t *);
void	 http_error(struct req *, int status, const char *code,
	    const char *message, json_t *fields);
void	 http_error_extra(struct req *, int status, const char *code,
	    const char *message, json_t *extra);
void	 http_internal(struct req *, const char *what);
void	 http_db_error(struct req *);
int	 http_row_found(struct req *, const struct pg_result *,
	    const char *what);
int	 http_cookie(const struct req *, const char *name, char *buf,
	    size_t bufsz);
void	 http_raw(struct req *, int status, const char *headers,
	    const char *body, size_t len);
json_t	*http_body_json(struct req *);
int	 http_query_get(const struct req *, const char *name,
	    char *buf, size_t bufsz);
int	 http_query_int(const struct req *, const char *name, long long def,
	    long long max, long long *v, json_t *fields);

/* The ?page=&per_page= of every list (http_page). */
#define HTTP_PER_PAGE		50
#define HTTP_PER_PAGE_MAX	200
struct page {
	long long	 page, per_page;
	char		 limit[24], offset[24];	/* statement parameters */
};
int	 http_page(struct req *, struct page *, json_t *fields);
json_t	*http_page_json(const struct page *, const char *name, json_t *items,
	    long long total);
void	 http_json_rows(struct req *, const char *name, struct pg_result *);
void	 http_json_answer(struct req *, struct pg_result *, const char *what);

/* The JSON text a buf holds; a response written in pieces (export.csv). */
void	 http_json_buf(struct req *, int status, struct buf *);
void	 http_stream_start(struct req *, int status, const char *headers);
void	 http_stream_write(struct req *, const char *, size_t);

/* letter.c: letters of support; docs/letters.md. */
extern const struct valid_field letter_referee_fields[];
#define LETTER_REFEREES_MAX	3	/* the most any cycle's letters_max */
int	 letter_referees_check(json_t *referees, const char *nominee_email,
	    const char *nominator_email, long long letters_max,
	    json_t *fields);
int	 letter_request(struct db *, const char *nomination_id);
json_t	*letter_referees_json(struct db *, const char *nomination_id);
int	 letter_remind(struct db *, int *asked, int *reminded);
void	 letter_post(struct req *);

/*
 * links.c: "mail me my links": the request, and the mailer's answer to
 * request row i of SQL_LINKS_CLAIM (mailer.c).
 */
void	 links_request(struct req *);
int	 links_answer(struct db *, const struct pg_result *, int row);

/* log.c: one line per event on stderr, never a secret. */
void	 log_info(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
void	 log_error(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* The request id every line of this thread carries, or NULL. */
void	 log_request_id(const char *);

/*
 * login_link.c: the mailer's answer to "mail me a link" request row i of
 * SQL_LOGIN_LINK_CLAIM (mailer.c).
 */
int	 login_link_answer(struct db *, const struct pg_result *, int row);

/* mail.c: one outbox row as an RFC 5322 message (strings not owned). */
struct mail {
	const char	*message_id;	/* <hex@domain>, stable per row */
	const char	*from;
	const char	*from_name;	/* the sender's display name; may be "" */
	const char	*to_address;
	const char	*to_name;	/* may be "" */
	const char	*subject;
	const char	*body;
	const char	*contact;	/* whom to write to; NULL or "": none */
	const char	*contact_line;	/* the words before it; NULL: English */
};

int	 mail_build(const struct mail *, time_t date, char **out,
	    size_t *outlen, char *why, size_t whysz);
int	 mail_header_safe(const char *);
int	 mail_subject_header(const char *subject, char **out);
int	 mail_to_header(const char *name, const char *address, char **out);
int	 mail_address_header(const char *field, const char *name,
	    const char *address, char **out);
int	 mail_crlf(const char *text, char **out);
int	 mail_quoted_printable(const char *text, char **out);

/* mailer.c */
int	 mailer_run(void);

/*
 * meeting.c: the meeting.  meeting_follow() runs before the session
 * is loaded (route.c): it answers 304 to a follow request whose
 * If-None-Match still holds, from its cache or in one statement, and
 * returns 1; else 0, and the request takes the ordinary way.
 * meeting_cache_clear() voids that cache, after a change any follower
 * may see (a pick, a phase change, a sign-out).
 */
void	 meeting_get(struct req *);
void	 meeting_put(struct req *);
int	 meeting_follow(struct req *);
void	 meeting_cache_clear(void);

/*
 * member.c: member_candidate(): whether the signed-in member may see
 * the candidate id (assigned, not conflicted, active), as a row of
 * SQL_CANDIDATE_FOR_MEMBER in *out (candidate_id, cycle_id, phase,
 * attested; the caller clears it): returns 1;
 * 0 after answering 404; -1 after answering a database failure.
 */
int	 member_candidate(struct req *, int64_t id, struct pg_result **out);
void	 me_assignments(struct req *);
void	 member_candidate_get(struct req *);

/* merge.c */
void	 merge_candidates(struct req *);

/* metrics.c */
void	 metrics_request(int route, int status, double ms);
void	 metrics_slot_wait(double ms);
void	 metrics_get(struct req *);

/* migrate.c (its tables: migrate.h) */
int	 migrate_run(const char *database_url);
int	 migrate_check(const char *database_url, const char *who);
int	 migrate_expected(char **names, char **sums);

/*
 * nomination.c: the nominator's side; the field table is fuzzed (fuzz/).
 * The caps of SPEC §7 per nominator address, for a
 * submission and a correction alike, and their answer: unconfirmed
 * nominations at a time, and confirmation mails queued in
 * confirm_window() (72 hours, migration 0017).
 */
#define NOMINATION_PENDING_MAX		5
#define NOMINATION_CONFIRM_MAILS_MAX	5
void	 nomination_too_many_pending(struct req *, long long retry_after);
extern const struct valid_field nomination_submit_fields[];
void	 nomination_submit(struct req *);
void	 nomination_confirm(struct req *);
void	 nomination_manage(struct req *);
int	 nomination_expire(struct db *);

/* nominee.c: the nominee's voice; docs/letters.md. */
int	 nominee_link(struct db *, const char *candidate_id, char **url);
void	 nominee_post(struct req *);

/*
 * outbox.c: queues a mail inside the caller's open transaction, so it
 * exists if and only if that transaction commits.  The template of event
 * in language lang (NULL: that of the recipient's account, for members
 * and organizers) is found (the cycle's own, else the shipped default;
 * cycle_id 0 for none; a language without one falls back to the cycle's
 * default language, then to English: SQL_TEMPLATE_FIND) and rendered
 * with values (a JSON object of strings; not stolen).  dedupe names what
 * the mail is about within its event ("42", "7:3"); the database makes
 * the key from both (outbox_dedupe_key(), sql/functions), and the same
 * key never queues twice: the second call does nothing and returns 0.
 * held: queue as 'held' (announcements).  Returns 0, or -1 on a database
 * failure (see db_status()) or a template error (logged).
 */
int	 outbox_queue(struct db *, int64_t cycle_id, enum mail_event,
	    const char *lang, const char *to_address, const char *to_name,
	    json_t *values, const char *dedupe, int held);

void	 outbox_list(struct req *);
void	 outbox_retry(struct req *);
void	 outbox_release(struct req *);

/* password.c: argon2id hashes, at most 2 computed at once. */
#define PASSWORD_MIN		12	/* characters */
#define PASSWORD_MAX		1024	/* bytes */
#define PASSWORD_HASH_MAX	128	/* crypto_pwhash_STRBYTES */
int	 password_valid(const char *, const char **why);
int	 password_hash(const char *, char out[PASSWORD_HASH_MAX]);
int	 password_verify(const char *, const char *hash, int *rehash);

/* phase.c: the phases of a cycle and what each allows (SPEC §3). */
enum phase {
	PHASE_DRAFT,
	PHASE_NOMINATIONS_OPEN,
	PHASE_NOMINATIONS_CLOSED,
	PHASE_SCORING,
	PHASE_DELIBERATION,
	PHASE_DECIDED,
	PHASE_ANNOUNCED,
	PHASE__MAX
};

enum action {
	ACTION_CYCLE_SETTINGS,
	ACTION_BLIND_OFF,
	ACTION_RUBRIC,
	ACTION_NOMINATE,
	ACTION_CONFIRM,
	ACTION_NOMINATOR_EDIT,
	ACTION_REFEREES,
	ACTION_LETTER,
	ACTION_SCREEN,
	ACTION_MERGE,
	ACTION_ASSIGN,
	ACTION_CONFLICT,
	ACTION_REVIEW,
	ACTION_REOPEN,
	ACTION_MEMBER_READ_REVIEWS,
	ACTION_ORGANIZER_READ_REVIEWS,
	ACTION_COMMENT,
	ACTION_MEETING,
	ACTION_DECIDE,
	ACTION_ANNOUNCE,
	ACTION_TEMPLATES,
	ACTION_NOMINEE_DECLINE,
	ACTION_NOMINEE_PRIVATE,
	ACTION_PURGE,
	ACTION__MAX
};

extern const char *const phase_names[PHASE__MAX + 1];
int	 phase_parse(const char *);
int	 phase_move_allowed(const char *from, const char *to);
int	 phase_allows(enum action, const char *phase);
json_t	*phase_allowed_json(enum action);
#define PHASE_SQL_MAX	128	/* every phase name, commas and braces */
void	 phase_allowed_sql(enum action, char *buf, size_t bufsz);
int	 phase_print_table(void);
void	 phase_list(struct req *);
/* 1 when allowed, else answers 409 wrong_phase and 0. */
int	 phase_guard(struct req *, enum action, const char *phase);

/* overview.c */
void	 overview_get(struct req *);

/* purge.c: `awards purge`; the sweep of spent sessions, tokens, failures */
int	 purge_command(int argc, char *argv[]);
int	 purge_sweep(struct db *, long long counts[3]);
void	 purge_preview(struct req *);
void	 purge_post(struct req *);

/* ranking.c */
void	 ranking_get(struct req *);

/* remind.c */
void	 remind_list(struct req *);
void	 remind_post(struct req *);
int	 remind_command(void);

/* render.c: {{placeholder}} templates (pure). */
int	 render_template(const char *tpl, json_t *values, char **out,
	    char *why, size_t whysz);
int	 render_check(const char *tpl, const char *const *names, char *why,
	    size_t whysz);

int	 render_links_alone(const char *tpl, char *why, size_t whysz);

/* review.c */
void	 review_put(struct req *);
void	 review_list(struct req *);
void	 review_reopen(struct req *);

/*
 * route.c: the route table.  A handler answers what is its own; one that
 * returns without an answer met a database failure, which the dispatcher
 * answers (http_db_error()), and a transaction a handler leaves open is
 * rolled back after it.
 */
void	 route_dispatch(struct req *);
void	 route_describe(size_t, const char **method, const char **pattern);
int	 route_match(const char *pattern, const char *path, int64_t ids[2],
	    char segment[ROUTE_SEGMENT_MAX]);

/* rubric.c: categories and criteria. */
void	 rubric_category_create(struct req *);
void	 rubric_category_patch(struct req *);
void	 rubric_category_delete(struct req *);
void	 criterion_create(struct req *);
void	 criterion_patch(struct req *);
void	 criterion_delete(struct req *);

/* screening.c */
void	 screening_list(struct req *);
void	 screening_patch(struct req *);

/* server.c */
int	 server_run(void);

/* session.c */
const char *session_cookie_name(void);
int	 session_load(struct req *);
void	 session_create(struct req *);
void	 session_link(struct req *);
void	 session_token(struct req *);
void	 session_get(struct req *);
void	 session_delete(struct req *);

/* smtp.c: one SMTP client, owned by one thread. */
enum smtp_result {
	SMTP_SENT,
	SMTP_TRANSIENT,		/* 4xx, connection or TLS trouble: retry */
	SMTP_PERMANENT		/* 5xx for this message: give up */
};

struct smtp;

struct smtp	*smtp_open(void);
void		 smtp_close(struct smtp *);
enum smtp_result smtp_send(struct smtp *, const char *from, const char *to,
		    const char *message, size_t len, char *answer,
		    size_t answersz);

/* template.c */
void	 template_get(struct req *);
void	 template_put(struct req *);

/* throttle.c: failed logins per account and per client address. */
int	 throttle_begin(struct req *, const char *email, int *retry_after);
int	 throttle_end(struct req *, const char *email, int failed);

/* token.c: random secrets, their stored hashes, and links. */
#define TOKEN_SIZE	65	/* 64 hex digits and a NUL */
#define TOKEN_HASH_SIZE	67	/* "\\x", 64 hex digits, NUL */
void	 token_new(char token[TOKEN_SIZE], char hash[TOKEN_HASH_SIZE]);
void	 token_hash(const char *token, char out[TOKEN_HASH_SIZE]);
int	 token_shape(const char *);
char	*token_url(const char *page, const char *token);
int	 token_link_value(json_t *values, const char *name, const char *page,
	    const char *token);
void	 token_url_free(char *);

/* user.c: the handlers; `awards user add` and `awards user link`. */
int	 user_add_command(int argc, char *argv[]);
int	 user_link_command(int argc, char *argv[]);
int	 user_token_create(struct db *, const char *purpose, int64_t user_id,
	    char token[65], int64_t *token_id);
const char *user_role_text(enum role);
enum role user_role_parse(const char *);
json_t	*user_json(const struct user *);
void	 user_create(struct req *);
void	 user_list(struct req *);
void	 user_reinvite(struct req *);

/* util.c */
double	 util_elapsed_ms(const struct timespec *start);
void	 util_random_hex(char *buf, size_t bytes);
char	*util_utf8_repair(char *);
int	 util_utf8_char(const char *, size_t len, unsigned int *c);

/* valid.c: field validators (the types are at the top). */
int	 valid_object(json_t *obj, const struct valid_field *fields,
	    const char *prefix, json_t *errors, int *malformed);
json_t	*valid_body(struct req *, const struct valid_field *fields);
int	 valid_time(const char *);
int	 valid_url(const char *);
size_t	 valid_chars(const char *);
int	 valid_utf8_text(const char *, size_t len, int multiline);
int	 valid_email(const char *);

int	 valid_has_invisible(const char *);

/* version.c, built from scripts/version: "0.9.0" */
extern const char awards_version[];

#endif
