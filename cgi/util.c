/*
 * util.c: small helpers with no better home: clocks, random hex, times.
 */
#include <stdio.h>
#include <time.h>

#include <sodium.h>

#include "awards.h"

/* Milliseconds since start (CLOCK_MONOTONIC). */
double
util_elapsed_ms(const struct timespec *start)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1e3 +
	    (now.tv_nsec - start->tv_nsec) / 1e6;
}

/* Writes 2 * bytes random hex digits and a NUL into buf. */
void
util_random_hex(char *buf, size_t bytes)
{
	unsigned char	 raw[64];

	if (bytes > sizeof(raw))
		bytes = sizeof(raw);
	randombytes_buf(raw, bytes);
	sodium_bin2hex(buf, 2 * bytes + 1, raw, bytes);
}

/* Formats t as RFC 3339 UTC, such as 2027-03-01T05:00:00Z. */
void
util_time_rfc3339(time_t t, char *buf, size_t bufsz)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, bufsz, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
