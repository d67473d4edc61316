/*
 * server.c: `awards serve`, the FastCGI accept loop.
 *
 * One thread = one FCGX_Request + one PostgreSQL connection, nothing
 * shared.  There is no accept mutex: on Linux the kernel hands each
 * connection to one waiting accept().
 *
 * Shutdown: SIGTERM and SIGINT are blocked in every thread and taken by
 * sigwait() in the main thread, so libfcgi's own handler never runs
 * (SIGHUP too: it is logged and ignored, since the configuration is read
 * at start only).  The main thread then wakes every thread blocked in
 * accept() with SIGUSR1 (accept fails with EINTR under
 * FCGI_FAIL_ACCEPT_ON_INTR), waits for requests in flight to finish (at
 * most 4.5 s), and exits.  The listening socket is never shut down: under
 * socket activation it is systemd's, shared with the next process, and a
 * shutdown() would leave it dead for every process after this one; the
 * connections nginx makes meanwhile wait in its backlog for the next
 * process.  A thread idle on a kept-alive nginx connection holds no
 * request, so exiting under it loses nothing (nginx retries a kept
 * connection found closed on a new one).
 *
 * Slots: a request runs its handler only with one of AWARDS_DB_SLOTS
 * (4 per core by default), and waits for one in its thread otherwise.
 * Threads must be many, one per connection nginx keeps, but PostgreSQL
 * does its work fastest with a few backends per core: with one busy
 * backend per request in flight (32 under the benchmark's load on 2
 * cores), the submissions' p99 was 2.6 times pgbench's at the same 32
 * clients; with 8 slots, 1.2 to 1.7 (docs/performance.md).  A request holds its
 * slot from its first statement to its last, transaction included, so a
 * request waiting for a lock always waits for one that holds a slot.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "awards.h"
#include "db.h"

static atomic_int	 stopping;
static atomic_int	 busy;		/* requests in flight */
static atomic_int	 accepting;	/* threads in or about to accept */
static int		 listen_fd = -1;
static int		 server_activated;	/* fd 3 is systemd's */
static sem_t		 slots;		/* AWARDS_DB_SLOTS */
static atomic_int	 db_tried;	/* threads past their first connect */

/*
 * How long start-up waits for one more thread to get its first database
 * session before it gives up on the rest.
 */
#define SERVER_START_STALL_MS	10000

/* Handles one accepted request from start to log line. */
static void
server_handle(FCGX_Request *fcgi, struct db *db)
{
	struct req	 req;
	struct timespec	 waited;

	if (http_request_begin(&req, fcgi, db) == 0) {
		if (sem_trywait(&slots) == -1) {
			clock_gettime(CLOCK_MONOTONIC, &waited);
			while (sem_wait(&slots) == -1)
				;	/* EINTR */
			metrics_slot_wait(util_elapsed_ms(&waited));
		}
		route_dispatch(&req);
		sem_post(&slots);
	}
	http_request_end(&req);
}

/* SIGUSR1: only interrupts a worker's accept(); nothing to do. */
static void
server_wake(int sig)
{
	(void)sig;
}

/* A worker thread: accepts and handles requests until shutdown. */
static void *
server_worker(void *arg)
{
	FCGX_Request	 fcgi;
	struct db	*db;
	struct timespec	 pause = { 0, 50 * 1000 * 1000 };

	(void)arg;
	if ((db = db_open(config.database_url)) == NULL) {
		log_error("serve: out of memory");
		return NULL;
	}
	/* Connect and prepare now; a database still down is retried later. */
	if (db_ready(db) == -1)
		log_error("serve: database unavailable at start");
	atomic_fetch_add(&db_tried, 1);
	FCGX_InitRequest(&fcgi, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR);
	while (!atomic_load(&stopping)) {
		atomic_fetch_add(&accepting, 1);
		if (FCGX_Accept_r(&fcgi) < 0) {
			atomic_fetch_sub(&accepting, 1);
			if (!atomic_load(&stopping))
				nanosleep(&pause, NULL);
			continue;
		}
		/* Counted busy before it leaves accepting: never neither. */
		atomic_fetch_add(&busy, 1);
		atomic_fetch_sub(&accepting, 1);
		server_handle(&fcgi, db);
		FCGX_Finish_r(&fcgi);
		atomic_fetch_sub(&busy, 1);
	}
	FCGX_Free(&fcgi, 1);
	db_close(db);
	return NULL;
}

/*
 * Gives the unix socket at path the group of its directory, so that the
 * group nginx's workers run in (www-data, or the local stack's) may
 * connect.  Returns 0 or -1 with errno set.
 */
static int
server_socket_group(const char *path)
{
	char		 dir[PATH_MAX];
	struct stat	 st;
	char		*slash;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((slash = strrchr(dir, '/')) == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (stat(dir, &st) == -1)
		return -1;
	/* EPERM: not a member of that group; nginx then runs as us. */
	if (chown(path, (uid_t)-1, st.st_gid) == -1 && errno != EPERM)
		return -1;
	return 0;
}

/*
 * Opens the listening socket: systemd's (socket activation, fd 3), a unix
 * socket path that nginx's workers may connect to, or host:port over TCP
 * (libfcgi then honours FCGI_WEB_SERVER_ADDRS).  Returns the fd or -1.
 */
static int
server_listen(void)
{
	const char	*pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	int		 fd;

	if (pid != NULL && fds != NULL && atoi(pid) == getpid() &&
	    atoi(fds) == 1) {
		server_activated = 1;
		return 3;
	}
	if (strchr(config.socket, '/') != NULL) {
		if (unlink(config.socket) == -1 && errno != ENOENT) {
			fprintf(stderr, "awards serve: %s: %s\n",
			    config.socket, strerror(errno));
			return -1;
		}
	}
	if ((fd = FCGX_OpenSocket(config.socket, 1024)) < 0) {
		fprintf(stderr, "awards serve: cannot listen on %s\n",
		    config.socket);
		return -1;
	}
	/*
	 * Only this user and the group of the socket's directory (nginx's)
	 * may connect: mode 0660, whatever the directory's mode, so no other
	 * local user reaches the API around nginx.
	 */
	if (strchr(config.socket, '/') != NULL &&
	    (server_socket_group(config.socket) == -1 ||
	    chmod(config.socket, 0660) == -1)) {
		fprintf(stderr, "awards serve: socket %s: %s\n",
		    config.socket, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Waits until each of the started threads has had its first try at a
 * database session.  PostgreSQL refuses a connection past
 * max_connections at once, but a pooler in session mode (pgbouncer)
 * accepts every client and queues those past its pool until a session
 * frees: a thread queued there waits for ever, since every thread keeps
 * its session.  So when no thread gets any further for
 * SERVER_START_STALL_MS, the pool is smaller than the threads (or the
 * database hangs), and serving with threads that can never answer would
 * hide it.  Returns 0, or -1 after printing the one line that says so.
 */
static int
server_wait_sessions(int started)
{
	struct timespec	 tick = { 0, 50 * 1000 * 1000 }, since;
	int		 seen = -1, now;

	clock_gettime(CLOCK_MONOTONIC, &since);
	while ((now = atomic_load(&db_tried)) < started) {
		if (now != seen) {
			seen = now;
			clock_gettime(CLOCK_MONOTONIC, &since);
		} else if (util_elapsed_ms(&since) >= SERVER_START_STALL_MS) {
			fprintf(stderr, "awards serve: %d of %d threads got no "
			    "database session in %d s: the pool of a pooler "
			    "in front (pgbouncer's pool_size) must hold "
			    "AWARDS_THREADS sessions for each serve process "
			    "(docs/operations.md)\n", started - now, started,
			    SERVER_START_STALL_MS / 1000);
			return -1;
		}
		nanosleep(&tick, NULL);
	}
	return 0;
}

/*
 * Runs the server until SIGTERM or SIGINT.  Returns 0 after a clean
 * shutdown, -1 when it could not start.
 */
int
server_run(void)
{
	pthread_t	*threads;
	sigset_t	 set;
	struct sigaction sa;
	int		 i, sig, started = 0;
	struct timespec	 tick = { 0, 10 * 1000 * 1000 }, begun;

	if (migrate_check(config.database_url, "serve") == -1)
		return -1;
	if (health_init() == -1) {
		fprintf(stderr, "awards serve: out of memory\n");
		return -1;
	}
	if (FCGX_Init() != 0) {
		fprintf(stderr, "awards serve: FCGX_Init failed\n");
		return -1;
	}
	if ((listen_fd = server_listen()) == -1)
		return -1;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* No SA_RESTART: the signal must interrupt accept(). */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = server_wake;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);

	if (sem_init(&slots, 0, (unsigned int)config.db_slots) == -1)
		return -1;
	if ((threads = calloc((size_t)config.threads, sizeof(*threads))) ==
	    NULL)
		return -1;
	for (i = 0; i < config.threads; i++) {
		if (pthread_create(&threads[i], NULL, server_worker, NULL) != 0)
			break;
		started++;
	}
	if (started == 0) {
		fprintf(stderr, "awards serve: cannot start threads\n");
		free(threads);
		return -1;
	}
	/* The threads stay blocked where they are; exit() ends them. */
	if (server_wait_sessions(started) == -1)
		return -1;
	log_info("serve: listening on %s with %d threads, %d at the database",
	    config.socket, started, config.db_slots);

	while (sigwait(&set, &sig) == 0 && sig == SIGHUP)
		log_info("serve: SIGHUP ignored: the configuration is read at "
		    "start; restart to change it");
	log_info("serve: signal %d, finishing requests in flight", sig);
	atomic_store(&stopping, 1);
	clock_gettime(CLOCK_MONOTONIC, &begun);
	/*
	 * Again and again: a thread may be between its look at stopping
	 * and its accept() when a wake-up comes.
	 */
	while ((atomic_load(&accepting) > 0 || atomic_load(&busy) > 0) &&
	    util_elapsed_ms(&begun) < 4500) {
		for (i = 0; i < started && atomic_load(&accepting) > 0; i++)
			pthread_kill(threads[i], SIGUSR1);
		nanosleep(&tick, NULL);
	}
	log_info("serve: stopped with %d requests unfinished",
	    atomic_load(&busy));
	if (!server_activated && strchr(config.socket, '/') != NULL)
		unlink(config.socket);
	/* Threads idle on kept connections end with the process. */
	free(threads);
	return 0;
}
