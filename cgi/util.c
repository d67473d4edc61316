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

/*
 * Makes the NUL-terminated s valid UTF-8 in place: a character cut short
 * at the end (by a fixed-size buffer) is dropped, and any other byte that
 * does not start a well-formed character becomes '?'.  Text repaired so
 * can always become a JSON string.  Returns s.
 */
char *
util_utf8_repair(char *s)
{
	unsigned char	*p = (unsigned char *)s;
	unsigned int	 c, min;
	int		 n, i;

	while (*p != '\0') {
		c = *p;
		if (c < 0x80) {
			p++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			n = 1; c &= 0x1f; min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2; c &= 0x0f; min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3; c &= 0x07; min = 0x10000;
		} else {
			*p++ = '?';
			continue;
		}
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				break;
			c = (c << 6) | (p[i] & 0x3f);
		}
		if (i <= n && p[i] == '\0') {
			*p = '\0';	/* cut short at the end */
			break;
		}
		if (i <= n || c < min || c > 0x10ffff ||
		    (c >= 0xd800 && c <= 0xdfff)) {
			*p++ = '?';
			continue;
		}
		p += n + 1;
	}
	return s;
}
