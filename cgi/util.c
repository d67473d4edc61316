/*
 * util.c: small helpers with no better home: clocks, random hex, UTF-8.
 */
#include <string.h>
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
 * Decodes the UTF-8 character that starts s (len bytes available) into
 * *c: the one decoder of the program.  Returns its length in bytes, 1 to
 * 4; 0 when s does not start a well-formed character (a stray byte, an
 * overlong form, a surrogate, past U+10FFFF), *c then unset; or -1 when
 * len cuts short what begins as one, so that a caller may tell text cut
 * by a buffer from text that is wrong.
 */
int
util_utf8_char(const char *s, size_t len, unsigned int *c)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned int		 v, min;
	size_t			 n, i;

	if (len == 0)
		return -1;
	v = p[0];
	if (v < 0x80) {
		*c = v;
		return 1;
	}
	if ((v & 0xe0) == 0xc0) {
		n = 1; v &= 0x1f; min = 0x80;
	} else if ((v & 0xf0) == 0xe0) {
		n = 2; v &= 0x0f; min = 0x800;
	} else if ((v & 0xf8) == 0xf0) {
		n = 3; v &= 0x07; min = 0x10000;
	} else
		return 0;
	for (i = 1; i <= n; i++) {
		if (i == len)
			return -1;
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*c = v;
	return (int)n + 1;
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
	size_t		 len = strlen(s), at = 0;
	unsigned int	 c;
	int		 n;

	while (at < len) {
		n = util_utf8_char(s + at, len - at, &c);
		if (n == -1) {
			s[at] = '\0';	/* cut short at the end */
			break;
		}
		if (n == 0) {
			s[at++] = '?';
			continue;
		}
		at += n;
	}
	return s;
}
