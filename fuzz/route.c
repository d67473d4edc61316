/*
 * fuzz/route.c: the route matcher, route_match() of cgi/route.c, on any
 * request path (DOCUMENT_URI comes from the client, through nginx).
 *
 * The input is a path; when it holds a newline, the text before it is
 * also tried as a pattern of its own against the text after it, so odd
 * patterns are covered too.  Every shape of pattern in routes[] is tried
 * against the path.  Beyond "no crash, no overflow, no UB" it asserts:
 *
 * - route_match() reports no more ids than the pattern has {id}
 *   segments (ids[] past them are never written) and each id is a
 *   positive integer of at most 15 digits;
 * - segment is written only by a {name} pattern and then is [a-z_]{1,40};
 * - a match is exact: the pattern with {id} replaced by the ids in
 *   decimal and {name} by the segment gives back the path byte for byte
 *   (so "/api/cycles/01", "/api/cycles/1/" or "/api/cycles/1x" never
 *   match "/api/cycles/{id}").
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"

#define UNSET	INT64_C(-7777)

/* One pattern of each shape in routes[] (cgi/route.c). */
static const char *const patterns[] = {
	"/api/health",
	"/api/cycles/current",
	"/api/users/{id}/invite",
	"/api/cycles/{id}/templates/{name}",
	"/api/cycles/{id}",
	"/api/cycles/{id}/export.csv",
	"/api/candidates/{id}/review",
	"/api/nominations/{id}",
	"/api/session",
	NULL
};

/* How many whole segments of pattern are word, such as "{id}". */
static size_t
count(const char *pattern, const char *word)
{
	size_t	 n = 0, len;

	for (;;) {
		len = strcspn(pattern, "/");
		n += len == strlen(word) && strncmp(pattern, word, len) == 0;
		pattern += len;
		if (*pattern++ == '\0')
			return n;
	}
}

/*
 * Matches path against pattern and checks the invariants above; aborts
 * when one does not hold.
 */
static void
check(const char *pattern, const char *path)
{
	int64_t	 ids[2] = { UNSET, UNSET };
	char	 segment[ROUTE_SEGMENT_MAX + 1], rebuilt[4096];
	size_t	 want = count(pattern, "{id}"), got, i, o = 0, len;
	const char *p;
	int	 n;

	memset(segment, 'X', sizeof(segment));
	if (!route_match(pattern, path, ids, segment))
		return;
	for (got = 0; got < 2 && ids[got] != UNSET; got++)
		if (ids[got] < 1 || ids[got] > INT64_C(999999999999999))
			abort();
	if (got > want || (got < 2 && ids[got] != UNSET) ||
	    segment[ROUTE_SEGMENT_MAX] != 'X')
		abort();
	if (count(pattern, "{name}") == 0) {
		if (segment[0] != 'X')
			abort();
	} else if (strlen(segment) < 1 || strlen(segment) > 40 ||
	    strspn(segment, "abcdefghijklmnopqrstuvwxyz_") != strlen(segment))
		abort();
	/* Rebuild the path from the pattern, segment by segment. */
	if (count(pattern, "{name}") > 1)
		return;
	for (p = pattern, i = 0;; ) {
		len = strcspn(p, "/");
		if (o + len + 64 > sizeof(rebuilt))
			return;
		if (len == 4 && strncmp(p, "{id}", 4) == 0 && i < got)
			n = snprintf(rebuilt + o, sizeof(rebuilt) - o, "%lld",
			    (long long)ids[i++]);
		else if (len == 6 && strncmp(p, "{name}", 6) == 0)
			n = snprintf(rebuilt + o, sizeof(rebuilt) - o, "%s",
			    segment);
		else
			n = snprintf(rebuilt + o, sizeof(rebuilt) - o, "%.*s",
			    (int)len, p);
		o += (size_t)n;
		p += len;
		if (*p == '\0')
			break;
		rebuilt[o++] = *p++;
	}
	rebuilt[o] = '\0';
	if (i != got || strcmp(rebuilt, path) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s, *nl;
	size_t	 i;

	if (size > 2048)
		return 0;
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (i = 0; patterns[i] != NULL; i++)
		check(patterns[i], s);
	if ((nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		check(s, nl + 1);
		for (i = 0; patterns[i] != NULL; i++)
			check(patterns[i], nl + 1);
	}
	free(s);
	return 0;
}
