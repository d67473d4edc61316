/*
 * valid.c: field validators.  Each answers 1 (valid) or 0.
 */
#include <string.h>

#include "awards.h"

/*
 * Whether s (len bytes) is well-formed UTF-8 with no NUL or control
 * character; multiline text may also hold \n and \t.  Overlong forms,
 * surrogates and code points past U+10FFFF are refused.
 */
int
valid_utf8_text(const char *s, size_t len, int multiline)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + len;
	unsigned int		 c, min;
	int			 n, i;

	while (p < end) {
		c = *p++;
		if (c < 0x80) {
			if (c == 0x7f || (c < 0x20 &&
			    !(multiline && (c == '\n' || c == '\t'))))
				return 0;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			n = 1; c &= 0x1f; min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2; c &= 0x0f; min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3; c &= 0x07; min = 0x10000;
		} else
			return 0;
		if (end - p < n)
			return 0;
		for (i = 0; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (p[i] & 0x3f);
		}
		p += n;
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		/* C1 controls and the line/paragraph separators. */
		if ((c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029)
			return 0;
	}
	return 1;
}

/*
 * Whether s is a plain mail address: local@domain, at most 254 bytes,
 * printable ASCII without spaces, quotes, angle brackets or line breaks,
 * a domain of dot-separated labels.  Stricter than RFC 5321 on purpose:
 * it reaches an SMTP envelope and a mail header.
 */
int
valid_email(const char *s)
{
	const char	*at, *p;
	size_t		 len = strlen(s), label = 0;

	if (len < 3 || len > 254 || (at = strchr(s, '@')) == NULL ||
	    at == s || strchr(at + 1, '@') != NULL || at - s > 64)
		return 0;
	for (p = s; p < at; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("\"(),:;<>[\\]", *p))
			return 0;
	if (s[0] == '.' || at[-1] == '.' || strstr(s, "..") != NULL)
		return 0;
	for (p = at + 1; *p != '\0'; p++) {
		if (*p == '.') {
			if (label == 0)
				return 0;
			label = 0;
		} else if ((*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    (*p == '-' && label > 0)) {
			if (++label > 63)
				return 0;
		} else
			return 0;
	}
	return label > 0 && strchr(at + 1, '.') != NULL && p[-1] != '-';
}

/*
 * Whether every key of obj is one of names (NULL-terminated).  When not,
 * *unknown is set to a new {"key": "unknown field"} object the caller
 * owns; else it is NULL.
 */
int
valid_known_fields(json_t *obj, const char *const *names, json_t **unknown)
{
	const char	*key;
	json_t		*value;
	size_t		 i;
	int		 known;

	*unknown = NULL;
	json_object_foreach(obj, key, value) {
		known = 0;
		for (i = 0; names[i] != NULL && !known; i++)
			known = strcmp(key, names[i]) == 0;
		if (known)
			continue;
		if (*unknown == NULL)
			*unknown = json_object();
		json_object_set_new(*unknown, key,
		    json_string("unknown field"));
	}
	return *unknown == NULL;
}
