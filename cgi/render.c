/*
 * render.c: mail templates with {{placeholder}} substitution, pure (no
 * database, no HTTP), so that unit tests reach every case.  A placeholder
 * without a value is an error, never a blank in a mail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"

/*
 * Renders tpl with the string values of the JSON object values.  On
 * success returns 0 and sets *out to a string the caller frees.  On
 * failure returns -1, *out is NULL and why says which placeholder.
 */
int
render_template(const char *tpl, json_t *values, char **out, char *why,
    size_t whysz)
{
	struct buf	 b = { 0 };
	const char	*p = tpl, *open, *close, *value;
	char		 name[64];
	size_t		 nlen;

	*out = NULL;
	buf_add(&b, "", 0);
	while ((open = strstr(p, "{{")) != NULL) {
		buf_add(&b, p, (size_t)(open - p));
		close = strstr(open + 2, "}}");
		nlen = close == NULL ? 0 : (size_t)(close - open - 2);
		if (close == NULL || nlen == 0 || nlen >= sizeof(name)) {
			snprintf(why, whysz, "unterminated or empty "
			    "placeholder");
			goto fail;
		}
		memcpy(name, open + 2, nlen);
		name[nlen] = '\0';
		value = json_string_value(json_object_get(values, name));
		if (value == NULL) {
			snprintf(why, whysz, "no value for {{%s}}", name);
			goto fail;
		}
		buf_str(&b, value);
		p = close + 2;
	}
	buf_str(&b, p);
	if (buf_finish(&b, out, NULL) == -1) {
		snprintf(why, whysz, "out of memory");
		return -1;
	}
	return 0;
fail:
	buf_free(&b);
	return -1;
}

/*
 * Whether every {{placeholder}} of tpl is one of names (NULL-terminated):
 * lets an organizer's edited template be refused when it asks for a value
 * its event never has.  Returns 1, or 0 with the culprit in why.
 */
int
render_check(const char *tpl, const char *const *names, char *why,
    size_t whysz)
{
	const char	*open = tpl, *close;
	size_t		 nlen, i;
	int		 known;

	while ((open = strstr(open, "{{")) != NULL) {
		if ((close = strstr(open + 2, "}}")) == NULL) {
			snprintf(why, whysz, "unterminated placeholder");
			return 0;
		}
		nlen = (size_t)(close - open - 2);
		known = 0;
		for (i = 0; names[i] != NULL && !known; i++)
			known = strlen(names[i]) == nlen &&
			    strncmp(names[i], open + 2, nlen) == 0;
		if (!known) {
			snprintf(why, whysz, "unknown placeholder {{%.*s}}",
			    (int)(nlen > 40 ? 40 : nlen), open + 2);
			return 0;
		}
		open = close + 2;
	}
	return 1;
}

/*
 * Whether every link placeholder of tpl stands alone on its own line
 * (SPEC §5): a {{*_url}} other than {{base_url}} is its line's only text,
 * so no template can wrap a live token link in other text (an organizer
 * harvesting nominators' manage links through "https://evil.example/?u=
 * {{manage_url}}").  {{base_url}}, the site's address without a token,
 * may be followed by a path but must start its line.  Returns 1, or 0
 * with the culprit in why.
 */
int
render_links_alone(const char *tpl, char *why, size_t whysz)
{
	const char	*open = tpl, *close, *line;
	size_t		 nlen;
	int		 base;

	while ((open = strstr(open, "{{")) != NULL) {
		if ((close = strstr(open + 2, "}}")) == NULL)
			return 1;	/* render_check() tells */
		nlen = (size_t)(close - open - 2);
		if (nlen < 4 || strncmp(close - 4, "_url", 4) != 0) {
			open = close + 2;
			continue;
		}
		base = nlen == 8 && strncmp(open + 2, "base_url", 8) == 0;
		for (line = open; line > tpl && line[-1] != '\n'; line--)
			if (line[-1] != ' ' && line[-1] != '\t')
				break;
		close += 2;
		if ((line > tpl && line[-1] != '\n') || (!base &&
		    *close != '\0' && *close != '\n')) {
			snprintf(why, whysz, "{{%.*s}} must stand alone on its "
			    "own line", (int)(nlen > 40 ? 40 : nlen), open + 2);
			return 0;
		}
		open = close;
	}
	return 1;
}
