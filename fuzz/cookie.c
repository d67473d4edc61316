/*
 * fuzz/cookie.c: cookie parsing, http_cookie() of cgi/http.c, on any
 * Cookie header (HTTP_COOKIE, as nginx passes it through FastCGI).
 *
 * The input's first byte picks the size of the caller's buffer (1 to 96
 * bytes; session.c uses 80); the rest is the header, up to a NUL as a
 * FastCGI parameter is.  The session cookie's two names are looked up,
 * and the first name in the header.  Beyond "no crash, no overflow, no
 * UB" it asserts, against a reference parser written here independently:
 *
 * - 1 (found) only for the first "; "-separated pair whose name is
 *   exactly the one asked ("awards_session" never matches
 *   "xawards_session=" nor "awards_session_old="), and the value is then
 *   that pair's text after "=", whole, without a ";", NUL-terminated
 *   within the buffer;
 * - 0 otherwise, and for a value that does not fit (never a cut value,
 *   which would be another session's token prefix).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"

static const char *const names[] = {
	"awards_session", "__Host-awards_session", NULL
};

/* The reference: the value of the first pair named name, as http_cookie. */
static int
reference(const char *header, const char *name, char *out, size_t outsz)
{
	char	*copy = strdup(header), *pair, *rest, *eq;
	int	 rc = 0;

	if (copy == NULL)
		abort();
	for (rest = copy; (pair = strsep(&rest, ";")) != NULL;) {
		pair += strspn(pair, " ");
		if ((eq = strchr(pair, '=')) == NULL ||
		    (size_t)(eq - pair) != strlen(name) ||
		    strncmp(pair, name, strlen(name)) != 0)
			continue;
		if (strlen(eq + 1) < outsz) {
			strcpy(out, eq + 1);
			rc = 1;
		}
		break;
	}
	free(copy);
	return rc;
}

/* Looks name up both ways and aborts when they differ. */
static void
check(const struct req *req, const char *header, const char *name,
    size_t bufsz)
{
	char	 buf[100], want[100];
	int	 got, ref;

	memset(buf, 'X', sizeof(buf));
	got = http_cookie(req, name, buf, bufsz);
	ref = reference(header, name, want, bufsz);
	if (got != ref || buf[bufsz] != 'X')
		abort();
	if (got == 1 && (memchr(buf, '\0', bufsz) == NULL ||
	    strchr(buf, ';') != NULL || strcmp(buf, want) != 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FCGX_Request	 fcgi;
	struct req	 req;
	char		*env[2], *header, first[64];
	size_t		 bufsz, i;

	if (size < 1 || size > 8192)
		return 0;
	bufsz = 1 + data[0] % 96;
	if ((env[0] = malloc(size + 12)) == NULL)
		return 0;
	memcpy(env[0], "HTTP_COOKIE=", 12);
	memcpy(env[0] + 12, data + 1, size - 1);
	env[0][size + 11] = '\0';
	env[1] = NULL;
	header = env[0] + 12;
	memset(&fcgi, 0, sizeof(fcgi));
	fcgi.envp = env;
	memset(&req, 0, sizeof(req));
	req.fcgi = &fcgi;
	for (i = 0; names[i] != NULL; i++)
		check(&req, header, names[i], bufsz);
	i = strspn(header, " ;");
	if (strcspn(header + i, "=;") < sizeof(first)) {
		memcpy(first, header + i, strcspn(header + i, "=;"));
		first[strcspn(header + i, "=;")] = '\0';
		check(&req, header, first, bufsz);
	}
	free(env[0]);
	return 0;
}
