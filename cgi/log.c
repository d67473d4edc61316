/*
 * log.c: log lines on stderr, each with a UTC time.  Callers never pass a
 * password, a token, a session id or the text of a nomination.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "awards.h"

static void
log_line(const char *level, const char *fmt, va_list ap)
{
	char		 line[1024], stamp[32];
	struct timespec	 ts;
	struct tm	 tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	vsnprintf(line, sizeof(line), fmt, ap);
	/* One write, so that lines of several threads do not interleave. */
	fprintf(stderr, "%s.%03ldZ %s %s\n", stamp, ts.tv_nsec / 1000000,
	    level, line);
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
