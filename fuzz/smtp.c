/*
 * fuzz/smtp.c: what a mail server says, through smtp_send() of
 * cgi/smtp.c.
 *
 * SMTP replies are parsed by libcurl, not by the project's own code.
 * What the project does with them is smtp.c's: its debug callback keeps
 * the last 4xx/5xx reply line (made printable, for the outbox's
 * last_error) and the verb it answered, and smtp_send() turns curl's
 * outcome, the reply code and that verb into SMTP_SENT, SMTP_TRANSIENT
 * or SMTP_PERMANENT and the answer text.  So this target runs the whole
 * of smtp_send(), with libcurl's own reply parser, against a server that
 * says the fuzz input.  The server is a thread of this process on a
 * loopback port: for each connection it writes the input (after its
 * first byte, which picks AWARDS_SMTP_STARTTLS) at once, closes its
 * sending side and reads what libcurl sends until libcurl closes; no
 * stub, no network beyond 127.0.0.1, no waiting on a timer.
 *
 * Beyond "no crash, no leak, no UB" it asserts:
 *
 * - the answer is NUL-terminated within its buffer and printable ASCII
 *   (it goes into a text column and, cut, into the log), whatever bytes
 *   the server sent;
 * - SMTP_SENT only after the server said 354 to DATA and accepted, with
 *   an empty answer;
 * - SMTP_PERMANENT (the message given up for good) only when the server
 *   greeted with a 2xx and then said some 5xx, which the answer quotes: a
 *   server that refuses the connection or says 4xx never kills a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include "awards.h"

#define CHECK(cond)	do { if (!(cond)) abort(); } while (0)

static int		 listener = -1;
static char		 url[64];
static const char	*says;		/* what the server says */
static size_t		 says_len;
static unsigned long	 served;	/* connections done with */
static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 done = PTHREAD_COND_INITIALIZER;

/* The server: says the script to each connection, then listens. */
static void *
server(void *arg)
{
	char	 buf[4096];
	int	 fd;

	(void)arg;
	for (;;) {
		if ((fd = accept(listener, NULL, NULL)) == -1)
			continue;
		pthread_mutex_lock(&lock);
		if (says_len > 0 &&
		    write(fd, says, says_len) != (ssize_t)says_len)
			abort();
		pthread_mutex_unlock(&lock);
		shutdown(fd, SHUT_WR);
		while (read(fd, buf, sizeof(buf)) > 0)
			continue;
		close(fd);
		pthread_mutex_lock(&lock);
		served++;
		pthread_cond_broadcast(&done);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

/* Starts the server thread once, on a free loopback port. */
static void
start(void)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	pthread_t		 t;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((listener = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(listener, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(listener, 4) == -1 ||
	    getsockname(listener, (struct sockaddr *)&sin, &len) == -1 ||
	    pthread_create(&t, NULL, server, NULL) != 0)
		abort();
	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", ntohs(sin.sin_port));
	curl_global_init(CURL_GLOBAL_ALL);
}

/* Whether the server's script holds a line starting with prefix. */
static int
said(const char *script, size_t len, const char *prefix)
{
	size_t	 i, n = strlen(prefix);

	for (i = 0; i + n <= len; i++)
		if ((i == 0 || script[i - 1] == '\n') &&
		    memcmp(script + i, prefix, n) == 0)
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const tls[] = { "off", "optional", "required" };
	static const char message[] = "From: <awards@localhost>\r\n"
	    "To: <ada@example.org>\r\nSubject: Hi\r\n\r\n.\r\nHello\r\n";
	const char	*script = (const char *)data + 1;
	struct smtp	*s;
	enum smtp_result r;
	char		 answer[512];
	struct timespec	 until;
	unsigned long	 want;
	size_t		 i, len;

	if (size < 1 || size > 16384)
		return 0;
	if (listener == -1)
		start();
	len = size - 1;
	config.smtp_url = url;
	config.smtp_starttls = tls[data[0] % 3];
	config.smtp_user = NULL;
	config.smtp_password = NULL;
	pthread_mutex_lock(&lock);
	says = script;
	says_len = len;
	want = served + 1;
	pthread_mutex_unlock(&lock);
	if ((s = smtp_open()) == NULL)
		abort();
	memset(answer, 'X', sizeof(answer));
	r = smtp_send(s, "awards@localhost", "ada@example.org", message,
	    sizeof(message) - 1, answer, sizeof(answer) - 1);
	smtp_close(s);
	/* The server is done with this connection before the next. */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 5;
	pthread_mutex_lock(&lock);
	while (served < want && pthread_cond_timedwait(&done, &lock,
	    &until) == 0)
		continue;
	says_len = 0;
	pthread_mutex_unlock(&lock);

	CHECK(answer[sizeof(answer) - 1] == 'X');
	CHECK(memchr(answer, '\0', sizeof(answer) - 1) != NULL);
	for (i = 0; answer[i] != '\0'; i++)
		CHECK(answer[i] >= 0x20 && answer[i] <= 0x7e);
	switch (r) {
	case SMTP_SENT:
		CHECK(answer[0] == '\0');
		CHECK(said(script, len, "354"));
		break;
	case SMTP_PERMANENT:
		/*
		 * Permanent only from a 5xx the server said (to RCPT or
		 * DATA, after a greeting libcurl took: its reading of lines
		 * is more lenient than any shape this target could name, so
		 * the greeting itself is not checked).
		 */
		CHECK(said(script, len, "5"));
		CHECK(strstr(answer, ": 5") != NULL);
		break;
	case SMTP_TRANSIENT:
		CHECK(answer[0] != '\0');
		break;
	default:
		abort();
	}
	return 0;
}
