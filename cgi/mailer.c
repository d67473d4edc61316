/*
 * mailer.c: `awards mailer`, the outbox worker (SPEC §5).
 *
 * Loop: claim a batch of due rows (status 'queued' and due, or 'sending'
 * with a lease run out because a mailer died) with FOR UPDATE SKIP LOCKED,
 * so that any number of mailers on any number of hosts share the outbox
 * and never claim one row at once.  Before each send the row's lease is
 * renewed, provided it still carries this claim's lease (else another
 * mailer took it over); right after each send the row is recorded as sent,
 * queued again for later, or dead.  A mailer killed at any point thus
 * loses nothing: at worst the one row in flight is sent again once its
 * lease ends.  It claims again until a claim finds nothing, then waits on
 * LISTEN awards_outbox, with a poll as the fallback.  Mail is queued with
 * a NOTIFY only when no other mail is due (a NOTIFY serializes the
 * commits of the whole database), so the poll also catches a mail queued
 * while a mailer was busy and committed just after its last empty claim,
 * besides retries falling due and notifications lost with a connection.
 * Before each claim it answers the requests for links that POST
 * /api/session/link and POST /api/nominations/links only record
 * (login_link.c, links.c): it looks the address up, and queues a mail or
 * nothing, so that the requests' timing tells nothing (SPEC §7).
 *
 * SIGTERM or SIGINT: the message in flight is finished and recorded, the
 * rest of the batch is handed back at once, and the process exits 0.
 * Database down: logged once, retried every second, never fatal.
 *
 * Settings beyond SPEC §6 (for tests and tuning), all optional:
 * AWARDS_MAILER_POLL_MS (1000), AWARDS_MAILER_LEASE_S (120),
 * AWARDS_MAILER_BACKOFF_MS (30000: the first retry's delay, doubled at
 * each attempt, capped at 1 h, with jitter), AWARDS_MAILER_BATCH (20).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "awards.h"
#include "db.h"

#define MAILER_ATTEMPTS_MAX	10
#define MAILER_BACKOFF_CAP_MS	(3600LL * 1000)
#define MAILER_RETRY_DB_MS	1000
#define MAILER_RECORD_TRIES	5
#define HOUSEKEEP_S		300	/* seconds between housekeeping runs */
#define HEARTBEAT_S		5	/* seconds between heartbeat rows */
#define MAILER_REQUESTS		"20"	/* requests for links taken at once */

struct mailer {
	struct db	*db;
	struct smtp	*smtp;
	int		 listening;	/* LISTEN done on this connection */
	int		 backend;	/* PQbackendPID of that connection */
	int		 db_lost;	/* logged the database as down */
	long		 poll_ms;
	long		 lease_s;
	time_t		 housekept;	/* last housekeeping */
	time_t		 heartbeat;	/* last heartbeat row written */
	char		 host[256];	/* gethostname() */
	long		 backoff_ms;
	long		 batch;
};

static volatile sig_atomic_t	 stopping;
static int			 wake_pipe[2] = { -1, -1 };

/* SIGTERM, SIGINT: stop after the message in flight; wake the wait. */
static void
mailer_signal(int sig)
{
	int	 saved = errno;
	ssize_t	 n;

	(void)sig;
	stopping = 1;
	n = write(wake_pipe[1], "x", 1);
	(void)n;
	errno = saved;
}

/*
 * Reads the integer setting name into *value (left alone when unset).
 * Returns 0, or -1 with a one-line reason on stderr when it is not an
 * integer from min to max.
 */
static int
mailer_setting(const char *name, long min, long max, long *value)
{
	const char	*s = getenv(name);
	char		*end;
	long		 v;

	if (s == NULL || *s == '\0')
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "awards mailer: %s must be an integer from "
		    "%ld to %ld\n", name, min, max);
		return -1;
	}
	*value = v;
	return 0;
}

/*
 * Waits up to ms milliseconds for a signal, or, when fd is not -1, for fd
 * to become readable.  Returns 1 when fd is readable, else 0.
 */
static int
mailer_sleep(int fd, long ms)
{
	struct pollfd	 pfd[2];
	char		 drain[16];
	nfds_t		 n = 1;
	int		 rc;

	if (stopping)
		return 0;
	pfd[0].fd = wake_pipe[0];
	pfd[0].events = POLLIN;
	if (fd != -1) {
		pfd[1].fd = fd;
		pfd[1].events = POLLIN;
		n = 2;
	}
	rc = poll(pfd, n, (int)ms);
	if (rc > 0 && (pfd[0].revents & POLLIN))
		while (read(wake_pipe[0], drain, sizeof(drain)) > 0)
			continue;
	return rc > 0 && n == 2 && (pfd[1].revents & (POLLIN | POLLHUP |
	    POLLERR)) != 0;
}

/*
 * Makes the database usable and subscribed to awards_outbox, again after
 * any reconnection (a new backend listens to nothing).  LISTEN cannot be
 * prepared, so it is the one statement sent as plain text.  Returns 0, or
 * -1 when the database is out of reach (logged once until it is back).
 */
static int
mailer_connect(struct mailer *m)
{
	PGresult	*res;
	PGconn		*conn;
	int		 ok;

	if (db_ready(m->db) == -1)
		goto down;
	conn = db_conn(m->db);
	if (m->listening && m->backend == PQbackendPID(conn))
		return 0;
	res = PQexec(conn, "LISTEN awards_outbox");
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	if (!ok)
		goto down;
	m->listening = 1;
	m->backend = PQbackendPID(conn);
	if (m->db_lost)
		log_info("mailer: database reachable again");
	else
		log_info("mailer: listening");
	m->db_lost = 0;
	return 0;
down:
	m->listening = 0;
	if (!m->db_lost)
		log_error("mailer: database unavailable; retrying");
	m->db_lost = 1;
	return -1;
}

/*
 * Waits for a notification on awards_outbox, a signal or poll_ms.  Any
 * notification already read along with earlier results counts, so none is
 * missed between a batch and the wait.
 */
static void
mailer_wait(struct mailer *m)
{
	PGconn		*conn = db_conn(m->db);
	PGnotify	*note;
	int		 woken = 0;

	if (conn == NULL) {
		mailer_sleep(-1, m->poll_ms);
		return;
	}
	if (PQconsumeInput(conn) == 0) {
		m->listening = 0;
		return;
	}
	while ((note = PQnotifies(conn)) != NULL) {
		PQfreemem(note);
		woken = 1;
	}
	if (woken)
		return;
	if (mailer_sleep(PQsocket(conn), m->poll_ms) &&
	    PQconsumeInput(conn) == 0)
		m->listening = 0;
	while ((note = PQnotifies(conn)) != NULL)
		PQfreemem(note);
}

/*
 * Runs a statement that records what became of a row, trying again for a
 * while if the database is lost meanwhile: the mail has left, and a row
 * left 'sending' would go again when its lease ends.  Returns 0 or -1.
 */
static int
mailer_record(struct mailer *m, enum sqlstmt stmt, int nparams,
    const char *const *params)
{
	int	 i;

	for (i = 0; i < MAILER_RECORD_TRIES; i++) {
		if (i > 0) {
			mailer_sleep(-1, MAILER_RETRY_DB_MS);
			if (mailer_connect(m) == -1)
				continue;
		}
		if (db_command(m->db, stmt, nparams, params) == 0)
			return 0;
	}
	return -1;
}

/*
 * The delay before the next try of a row that failed attempts times
 * before this failure: backoff_ms * 2^attempts, capped at 1 h, of which a
 * random part (up to half) is taken off so that mailers and rows that
 * failed together do not all come back together.
 */
static long long
mailer_backoff(const struct mailer *m, long attempts)
{
	long long	 delay = m->backoff_ms;

	while (attempts-- > 0 && delay < MAILER_BACKOFF_CAP_MS)
		delay *= 2;
	if (delay > MAILER_BACKOFF_CAP_MS)
		delay = MAILER_BACKOFF_CAP_MS;
	return delay - randombytes_uniform((uint32_t)(delay / 2 + 1));
}

/*
 * Writes into out what of an SMTP answer a log line may hold: curl's
 * reason up to the server's reply code ("RCPT failed: 550"), never the
 * reply's text, which often names the recipient (SPEC §7: SMTP replies
 * are logged by code only).  The whole answer stays in the outbox row's
 * last_error, which organizers read.
 */
static void
mailer_answer_code(const char *answer, char *out, size_t outsz)
{
	const char	*p;

	for (p = answer; (p = strstr(p, ": ")) != NULL; p += 2)
		if (p[2] >= '2' && p[2] <= '5' && p[3] >= '0' &&
		    p[3] <= '9' && p[4] >= '0' && p[4] <= '9') {
			snprintf(out, outsz, "%.*s", (int)(p + 5 - answer),
			    answer);
			return;
		}
	/* No reply: curl's reason alone, cut before any quoted text. */
	snprintf(out, outsz, "%.*s", (int)strcspn(answer, "<\"'"), answer);
}

/*
 * Sends the claimed row i of res and records the outcome.  Returns 0 when
 * the row is dealt with (or now belongs to another mailer), -1 when the
 * database failed and the batch must stop.
 */
static int
mailer_send_row(struct mailer *m, PGresult *res, int i)
{
	struct mail	 mail;
	PGresult	*renew;
	enum smtp_result result;
	char		 why[128], answer[512], delay[24], lastdb[600];
	char		 code[128], mark[64];
	char		*message = NULL;
	const char	*id = db_text(res, i, "id"), *lease;
	size_t		 len;
	long		 attempts;
	int		 owned, rc = -1;

	/* Still ours?  A slow batch may have outlived its lease. */
	lease = db_text(res, i, "lease_until");
	if ((renew = DB_EXEC(m->db, SQL_OUTBOX_RENEW, id, lease,
	    db_i64(delay, m->lease_s))) == NULL)
		return -1;
	/* The renewed lease is the mark every outcome is recorded under. */
	owned = PQntuples(renew) == 1;
	if (owned)
		snprintf(mark, sizeof(mark), "%s",
		    db_text(renew, 0, "lease_until"));
	PQclear(renew);
	if (!owned)
		return 0;

	attempts = (int)db_int(res, i, "attempts");
	mail.message_id = db_text(res, i, "message_id");
	mail.from = config.mail_from;
	mail.from_name = config.mail_from_name;
	mail.to_address = db_text(res, i, "to_address");
	mail.to_name = db_text(res, i, "to_name");
	mail.subject = db_text(res, i, "subject");
	mail.body = db_text(res, i, "body");
	/* Whom to write to, in every mail (see contact.c). */
	mail.contact = contact_or_sender(res, i, "contact");
	mail.contact_line = db_isnull(res, i, "contact_line") ? NULL :
	    db_text(res, i, "contact_line");
	if (mail_build(&mail, time(NULL), &message, &len, why,
	    sizeof(why)) == -1) {
		/* Nothing will make this row sendable: keep it, dead. */
		snprintf(lastdb, sizeof(lastdb), "not sent: %s", why);
		log_error("mailer: outbox %s: %s", id, lastdb);
		rc = mailer_record(m, SQL_OUTBOX_DEAD, 3,
		    DB_ARGS(id, lastdb, mark));
		goto out;
	}
	result = smtp_send(m->smtp, config.mail_from, mail.to_address,
	    message, len, answer, sizeof(answer));
	switch (result) {
	case SMTP_SENT:
		log_info("mailer: outbox %s: sent %s", id, mail.message_id);
		rc = mailer_record(m, SQL_OUTBOX_SENT, 2, DB_ARGS(id, mark));
		break;
	case SMTP_PERMANENT:
		mailer_answer_code(answer, code, sizeof(code));
		log_error("mailer: outbox %s: refused, dead: %s", id, code);
		rc = mailer_record(m, SQL_OUTBOX_DEAD, 3,
		    DB_ARGS(id, answer, mark));
		break;
	case SMTP_TRANSIENT:
		if (attempts + 1 >= MAILER_ATTEMPTS_MAX) {
			snprintf(lastdb, sizeof(lastdb), "gave up after %d "
			    "attempts: %s", MAILER_ATTEMPTS_MAX, answer);
			mailer_answer_code(answer, code, sizeof(code));
			log_error("mailer: outbox %s: gave up after %d "
			    "attempts: %s", id, MAILER_ATTEMPTS_MAX, code);
			rc = mailer_record(m, SQL_OUTBOX_DEAD, 3,
			    DB_ARGS(id, lastdb, mark));
			break;
		}
		db_i64(delay, mailer_backoff(m, attempts));
		mailer_answer_code(answer, code, sizeof(code));
		log_error("mailer: outbox %s: attempt %ld failed, retry in "
		    "%s ms: %s", id, attempts + 1, delay, code);
		rc = mailer_record(m, SQL_OUTBOX_RETRY, 4,
		    DB_ARGS(id, delay, answer, mark));
		break;
	}
	if (rc == -1)
		log_error("mailer: outbox %s: outcome not recorded; the row "
		    "returns when its lease ends", id);
out:
	free(message);
	return rc;
}

/*
 * Answers one batch of the requests for links that POST
 * /api/session/link and POST /api/nominations/links only record: claim
 * takes up to MAILER_REQUESTS of them, answer queues what row i asks
 * for (a mail, or nothing), in one transaction: every answer of the
 * batch, or none.  Returns the number answered, or -1 on a database
 * failure (the batch is then taken again next time).
 */
static int
mailer_requests(struct db *db, enum sqlstmt claim,
    int (*answer)(struct db *, const PGresult *, int))
{
	PGresult	*res = NULL;
	int		 i, n = -1;

	if (db_begin(db) == -1 ||
	    (res = DB_EXEC(db, claim, MAILER_REQUESTS)) == NULL)
		goto out;
	for (i = 0; i < PQntuples(res); i++)
		if (answer(db, res, i) == -1)
			goto out;
	if (db_commit(db) == -1)
		goto out;
	n = PQntuples(res);
out:
	if (n == -1)
		db_rollback(db);
	PQclear(res);
	return n;
}

/*
 * Claims one batch and sends it, row by row, until done or a signal.
 * Rows not reached are handed back at once.  Returns the number of rows
 * claimed, or -1 when the database failed.
 */
static int
mailer_batch(struct mailer *m)
{
	PGresult	*res;
	char		 lease[24], batch[24];
	char		*ids = NULL;
	size_t		 idsz;
	int		 i, n, rc = -1;

	res = DB_EXEC(m->db, SQL_OUTBOX_CLAIM, db_i64(lease, m->lease_s),
	    db_i64(batch, m->batch));
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	for (i = 0; i < n && !stopping; i++)
		if (mailer_send_row(m, res, i) == -1) {
			/* Row i may have left: its lease decides. */
			i++;
			goto out;
		}
	rc = n;
out:
	if (i < n) {
		/* Hand back what this claim still holds: {id,id,...}. */
		idsz = (size_t)(n - i) * 24 + 3;
		if ((ids = malloc(idsz)) != NULL) {
			strcpy(ids, "{");
			for (; i < n; i++) {
				strcat(ids, db_text(res, i, "id"));
				strcat(ids, i + 1 < n ? "," : "");
			}
			strcat(ids, "}");
			if (db_command(m->db, SQL_OUTBOX_RELEASE, 2,
			    DB_ARGS(ids, db_text(res, 0, "lease_until")))
			    == -1)
				log_error("mailer: could not hand back "
				    "claimed rows; they return when their "
				    "lease ends");
		}
	}
	free(ids);
	PQclear(res);
	return rc;
}

/*
 * Housekeeping, every HOUSEKEEP_S seconds at most: erases unconfirmed
 * nominations whose link expired (nomination_expire()).  A failure is
 * logged and tried again next time.
 */
static void
mailer_housekeep(struct mailer *m)
{
	time_t	 now = time(NULL);
	int	 n;

	if (now - m->housekept < HOUSEKEEP_S)
		return;
	m->housekept = now;
	if ((n = nomination_expire(m->db)) == -1)
		log_error("mailer: housekeeping failed");
	else if (n > 0)
		log_info("mailer: erased %d expired unconfirmed nominations",
		    n);
}

/*
 * Records that this mailer ran a round (mailer_heartbeats), at most every
 * HEARTBEAT_S seconds: an idle mailer rounds every poll, a busy one at
 * every batch, and one write per host every few seconds is enough for an
 * age that monitoring compares with minutes.  A failure is logged; the
 * row is written again next time.
 */
static void
mailer_heartbeat(struct mailer *m)
{
	time_t	 now = time(NULL);
	char	 pid[24];

	if (now - m->heartbeat < HEARTBEAT_S)
		return;
	m->heartbeat = now;
	if (db_command(m->db, SQL_MAILER_HEARTBEAT, 2, DB_ARGS(m->host,
	    db_i64(pid, getpid()))) == -1)
		log_error("mailer: heartbeat not recorded");
}

/*
 * Runs the mailer until SIGTERM or SIGINT.  Returns 0 after a clean stop,
 * -1 when it could not start (bad setting, no memory).
 */
int
mailer_run(void)
{
	struct mailer		 m;
	struct sigaction	 sa;
	int			 n, rc = -1;

	if (migrate_check(config.database_url, "mailer") == -1)
		return -1;
	memset(&m, 0, sizeof(m));
	m.poll_ms = 1000;
	/* Longer than the 70 s an SMTP send may take (smtp.c). */
	m.lease_s = 120;
	m.backoff_ms = 30000;
	m.batch = 20;
	if (mailer_setting("AWARDS_MAILER_POLL_MS", 10, 3600000,
	    &m.poll_ms) == -1 ||
	    mailer_setting("AWARDS_MAILER_LEASE_S", 1, 86400,
	    &m.lease_s) == -1 ||
	    mailer_setting("AWARDS_MAILER_BACKOFF_MS", 1, 3600000,
	    &m.backoff_ms) == -1 ||
	    mailer_setting("AWARDS_MAILER_BATCH", 1, 1000, &m.batch) == -1)
		return -1;

	if (pipe2(wake_pipe, O_NONBLOCK | O_CLOEXEC) == -1) {
		fprintf(stderr, "awards mailer: pipe: %s\n", strerror(errno));
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = mailer_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* An operator's reload habit must not stop the mail: nothing to
	 * reload, the configuration is read at start. */
	signal(SIGHUP, SIG_IGN);

	if (gethostname(m.host, sizeof(m.host)) == -1)
		snprintf(m.host, sizeof(m.host), "unknown");
	m.host[sizeof(m.host) - 1] = '\0';
	if ((m.db = db_open(config.database_url)) == NULL ||
	    (m.smtp = smtp_open()) == NULL) {
		fprintf(stderr, "awards mailer: cannot allocate\n");
		goto out;
	}
	log_info("mailer: started (batch %ld, lease %ld s, poll %ld ms)",
	    m.batch, m.lease_s, m.poll_ms);
	while (!stopping) {
		if (mailer_connect(&m) == -1) {
			mailer_sleep(-1, MAILER_RETRY_DB_MS);
			continue;
		}
		/* Links asked for: queued here, sent just below. */
		if (mailer_requests(m.db, SQL_LOGIN_LINK_CLAIM,
		    login_link_answer) == -1)
			log_error("mailer: login link requests failed; "
			    "trying again");
		if (mailer_requests(m.db, SQL_LINKS_CLAIM, links_answer) == -1)
			log_error("mailer: nomination link requests failed; "
			    "trying again");
		if ((n = mailer_batch(&m)) == -1) {
			m.listening = 0;
			mailer_sleep(-1, MAILER_RETRY_DB_MS);
			continue;
		}
		mailer_housekeep(&m);
		mailer_heartbeat(&m);
		/* Anything sent: more may have been queued meanwhile. */
		if (n == 0)
			mailer_wait(&m);
	}
	log_info("mailer: stopped");
	rc = 0;
out:
	smtp_close(m.smtp);
	db_close(m.db);
	close(wake_pipe[0]);
	close(wake_pipe[1]);
	return rc;
}
