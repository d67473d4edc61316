/*
 * fuzz/render.c: the template renderer and its checks, render_template(),
 * render_check() and render_links_alone() of cgi/render.c, on any
 * template (an organizer's edit, stored in the database) and any values
 * (names and addresses people typed).
 *
 * The input is the template up to its first NUL; the pieces after it,
 * NUL-separated, are the values of every placeholder of every event
 * (cgi/event.c), in order ("x" for those left).  The *_url values are
 * markers of our own (with a \001, which is taken out of the input's
 * template and values), as token links are never typed by anyone.  Beyond "no crash,
 * no overflow, no UB" it asserts:
 *
 * - rendering is substitution and nothing else: the output is the
 *   template with each {{name}} replaced by its value, computed here
 *   independently, and a value is never expanded again ("{{x}}" typed as
 *   a name stays as it is);
 * - the renderer adds no line break of its own: a subject template and
 *   values without CR or LF give an output without CR or LF (a rendered
 *   subject becomes a Subject header);
 * - a template render_check() accepts for an event renders with that
 *   event's values (an organizer can never save a template that cannot
 *   be sent);
 * - a body render_links_alone() accepts renders every token link on a
 *   line of its own (only spaces or tabs before it, nothing after), and
 *   {{base_url}} at the start of its line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"

#define CHECK(cond)	do { if (!(cond)) abort(); } while (0)
#define NAMES_MAX	64

static const char	*names[NAMES_MAX];
static size_t		 nnames;

/* Collects every placeholder name of every event once. */
static void
collect(void)
{
	size_t	 e, i, j;

	for (e = 0; e < EVENT__MAX; e++)
		for (i = 0; mail_events[e].names[i] != NULL; i++) {
			for (j = 0; j < nnames; j++)
				if (strcmp(names[j],
				    mail_events[e].names[i]) == 0)
					break;
			if (j == nnames && nnames < NAMES_MAX)
				names[nnames++] = mail_events[e].names[i];
		}
}

/* Whether name is a token link: a *_url other than base_url. */
static int
is_link(const char *name)
{
	size_t	 n = strlen(name);

	return n > 4 && strcmp(name + n - 4, "_url") == 0 &&
	    strcmp(name, "base_url") != 0;
}

/*
 * The reference renderer: the same substitution, written the other way
 * round (scanning byte by byte).  Returns the output, or NULL where
 * render_template() must fail.
 */
static char *
reference(const char *tpl, json_t *values)
{
	struct buf	 b = { 0 };
	const char	*p = tpl, *q, *v;
	char		*name, *out;
	size_t		 n;

	buf_add(&b, "", 0);
	while (*p != '\0') {
		if (p[0] != '{' || p[1] != '{') {
			buf_add(&b, p++, 1);
			continue;
		}
		for (q = p + 2; *q != '\0' && !(q[0] == '}' && q[1] == '}');
		    q++)
			;
		n = (size_t)(q - p - 2);
		if (*q == '\0' || n == 0 || n >= 64)
			goto fail;
		if ((name = strndup(p + 2, n)) == NULL)
			abort();
		v = json_string_value(json_object_get(values, name));
		free(name);
		if (v == NULL)
			goto fail;
		buf_str(&b, v);
		p = q + 2;
	}
	CHECK(buf_finish(&b, &out, NULL) == 0);
	return out;
fail:
	buf_free(&b);
	return NULL;
}

/* Checks that every token link of out stands alone on its line. */
static void
links_alone(const char *out)
{
	const char	*m = out, *line, *end;

	while ((m = strstr(m, "\001")) != NULL) {
		for (line = m; line > out && line[-1] != '\n'; line--)
			CHECK(line[-1] == ' ' || line[-1] == '\t');
		if (strncmp(m, "\001BASE", 5) != 0) {
			end = m + strcspn(m, "\n");
			CHECK(strchr(m + 1, '\001') == NULL ||
			    strchr(m + 1, '\001') > end);
			CHECK(end[-1] == '>');
		}
		m++;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t		*values;
	char		*in, *tpl, *out, *want, *v, why[256], marker[80];
	size_t		 i, e, off, n;
	int		 crlf;

	if (size > 64 * 1024)
		return 0;
	if (nnames == 0)
		collect();
	if ((in = malloc(size + 1)) == NULL || (values = json_object()) ==
	    NULL)
		abort();
	memcpy(in, data, size);
	in[size] = '\0';
	tpl = in;
	off = strlen(tpl) + 1;
	for (e = 0; e + 1 < off; e++)
		if (tpl[e] == '\001')
			tpl[e] = '?';
	crlf = strpbrk(tpl, "\r\n") != NULL;
	for (i = 0; i < nnames; i++) {
		if (is_link(names[i]) || strcmp(names[i], "base_url") == 0) {
			snprintf(marker, sizeof(marker), "\001%s<%s>",
			    strcmp(names[i], "base_url") == 0 ? "BASE" : "",
			    names[i]);
			json_object_set_new(values, names[i],
			    json_string(marker));
			continue;
		}
		v = off < size ? in + off : "x";
		n = strlen(v);
		off += n + 1;
		for (e = 0; e < n; e++)
			if (v[e] == '\001')
				v[e] = '?';
		crlf |= strpbrk(v, "\r\n") != NULL;
		/* Values are UTF-8, as they come from the database. */
		json_object_set_new(values, names[i], valid_utf8_text(v, n, 1) ?
		    json_string(v) : json_string("x"));
	}

	want = reference(tpl, values);
	if (render_template(tpl, values, &out, why, sizeof(why)) == 0) {
		CHECK(want != NULL && strcmp(out, want) == 0);
		if (!crlf)
			CHECK(strpbrk(out, "\r\n") == NULL);
		if (render_links_alone(tpl, why, sizeof(why)))
			links_alone(out);
		free(out);
	} else
		CHECK(want == NULL && out == NULL);
	for (e = 0; e < EVENT__MAX; e++)
		if (render_check(tpl, mail_events[e].names, why, sizeof(why)))
			CHECK(want != NULL);
	free(want);
	json_decref(values);
	free(in);
	return 0;
}
