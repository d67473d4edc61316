/*
 * util.c: small helpers with no better home: clocks, random hex.
 */
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
