/*
 * fuzz/query.c: query-string parsing, http_query_get() and
 * http_query_int() of cgi/http.c, on any QUERY_STRING.
 *
 * The input's first byte picks the size of the caller's buffer (1 to 64
 * bytes, as screening.c and outbox.c use small ones); the rest is the
 * query string.  Every parameter name the handlers read is looked up, and
 * the first name in the query too.  Beyond "no crash, no overflow, no UB"
 * it asserts, against a reference parser written here independently:
 *
 * - 1 (found) only when the first "name=" pair exists, and buf then holds
 *   exactly its decoded value ("+" a space, "%XY" a byte), NUL-terminated
 *   within the buffer, with no NUL decoded into it (%00 is refused);
 * - 0 (absent) only when no pair has that exact name ("page" never
 *   matches "per_page" nor "pages=");
 * - -1 only for a bad escape or a value too long for the buffer;
 * - http_query_int() leaves def when absent, else answers 0 only with a
 *   value from 1 to max, and -1 only after naming the field in fields.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"

static const char *const names[] = {
	"page", "per_page", "status", "category", "", NULL
};

static int
hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The reference: decodes the first pair named name; as http_query_get. */
static int
reference(const char *query, const char *name, char *out, size_t outsz)
{
	char		*copy = strdup(query), *pair, *rest, *eq, *v;
	size_t		 o = 0;
	int		 rc = 0;

	if (copy == NULL)
		abort();
	for (rest = copy; (pair = strsep(&rest, "&")) != NULL;) {
		if ((eq = strchr(pair, '=')) == NULL ||
		    (size_t)(eq - pair) != strlen(name) ||
		    strncmp(pair, name, strlen(name)) != 0)
			continue;
		rc = 1;
		for (v = eq + 1; *v != '\0' && rc == 1; v++) {
			if (o + 1 >= outsz)
				rc = -1;
			else if (*v == '+')
				out[o++] = ' ';
			else if (*v != '%')
				out[o++] = *v;
			else if (v[1] == '\0' || v[2] == '\0' ||
			    hex(v[1]) < 0 || hex(v[2]) < 0 ||
			    hex(v[1]) * 16 + hex(v[2]) == 0)
				rc = -1;
			else {
				out[o++] = (char)(hex(v[1]) * 16 + hex(v[2]));
				v += 2;
			}
		}
		if (rc == 1 && outsz == 0)
			rc = -1;
		if (rc == 1)
			out[o] = '\0';
		break;
	}
	free(copy);
	return rc;
}

/* Looks name up both ways and aborts when they differ. */
static void
check(struct req *req, const char *name, size_t bufsz)
{
	char		 buf[80], want[80];
	long long	 v;
	json_t		*fields;
	int		 got, ref;

	memset(buf, 'X', sizeof(buf));
	got = http_query_get(req, name, buf, bufsz);
	ref = reference(req->query, name, want, bufsz);
	if (got != ref)
		abort();
	if (got == 1 && (memchr(buf, '\0', bufsz) == NULL ||
	    strcmp(buf, want) != 0))
		abort();
	if (buf[bufsz] != 'X')
		abort();

	if ((fields = json_object()) == NULL)
		abort();
	got = http_query_int(req, name, 50, 200, &v, fields);
	if (got == 0 && ref == 0 && v != 50)
		abort();
	if (got == 0 && ref != 0 && (v < 1 || v > 200))
		abort();
	/* The handlers' names are ASCII; jansson refuses a key that is
	 * not UTF-8, so a name taken from the query may not be recorded. */
	if (got == -1 && json_object_get(fields, name) == NULL &&
	    valid_utf8_text(name, strlen(name), 0) && *name != '\0')
		abort();
	if (got == 0 && json_object_size(fields) != 0)
		abort();
	json_decref(fields);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req	 req;
	char		*query, first[32];
	size_t		 bufsz, i;

	if (size < 1 || size > 4096)
		return 0;
	bufsz = 1 + data[0] % 64;
	if ((query = malloc(size)) == NULL)
		return 0;
	memcpy(query, data + 1, size - 1);
	query[size - 1] = '\0';
	memset(&req, 0, sizeof(req));
	req.query = query;
	for (i = 0; names[i] != NULL; i++)
		check(&req, names[i], bufsz);
	i = strcspn(query, "=&");
	if (i < sizeof(first)) {
		memcpy(first, query, i);
		first[i] = '\0';
		check(&req, first, bufsz);
	}
	free(query);
	return 0;
}
