/*
 * log.c: log lines on stderr, each with a UTC time.  Callers never pass a
 * password, a token, a session id, an address, a name or the text of a
 * nomination (SPEC §7).  Every byte outside printable ASCII, and the
 * backslash, is escaped as \xNN, so that no value (a request path with
 * %0A, an escape sequence) can forge a line or drive a terminal.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "awards.h"

/* The request this thread serves, as nginx named it, or "". */
static _Thread_local char	 log_request[REQUEST_ID_MAX + 1];

/*
 * Sets the request id that every later line of this thread carries as
 * "req=ID" (NULL or "": none).  Only letters, digits and '-' are kept,
 * at most REQUEST_ID_MAX of them, so a forged id cannot shape a line.
 */
void
log_request_id(const char *id)
{
	size_t	 i, o = 0;

	for (i = 0; id != NULL && id[i] != '\0' && o < REQUEST_ID_MAX; i++)
		if ((id[i] >= '0' && id[i] <= '9') ||
		    (id[i] >= 'a' && id[i] <= 'z') ||
		    (id[i] >= 'A' && id[i] <= 'Z') || id[i] == '-')
			log_request[o++] = id[i];
	log_request[o] = '\0';
}

static void
log_line(const char *level, const char *fmt, va_list ap)
{
	char		 raw[1024], line[1024], stamp[32];
	struct timespec	 ts;
	struct tm	 tm;
	size_t		 i, o = 0;
	unsigned char	 c;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	for (i = 0; raw[i] != '\0' && o + 5 < sizeof(line); i++) {
		c = (unsigned char)raw[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			line[o++] = (char)c;
		else
			o += (size_t)snprintf(line + o, sizeof(line) - o,
			    "\\x%02x", c);
	}
	line[o] = '\0';
	/* One write, so that lines of several threads do not interleave. */
	if (log_request[0] != '\0')
		fprintf(stderr, "%s.%03ldZ %s req=%s %s\n", stamp,
		    ts.tv_nsec / 1000000, level, log_request, line);
	else
		fprintf(stderr, "%s.%03ldZ %s %s\n", stamp,
		    ts.tv_nsec / 1000000, level, line);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_line("info", fmt, ap);
	va_end(ap);
}

void
log_error(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_line("error", fmt, ap);
	va_end(ap);
}
