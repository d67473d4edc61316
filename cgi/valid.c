/*
 * valid.c: field validators.  Each answers 1 (valid) or 0.
 */
#include <stdio.h>
#include <stdlib.h>
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

/* The number of code points in the UTF-8 string s. */
size_t
valid_chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Adds "why" for field prefix+name to errors. */
static void
valid_fail(json_t *errors, const char *prefix, const char *name,
    const char *why)
{
	char	 key[128];

	snprintf(key, sizeof(key), "%s%s", prefix, name);
	json_object_set_new(errors, key, json_string(why));
}

/*
 * Checks one string field: trims surrounding spaces of single-line text
 * (writing the trimmed value back into obj), then length in characters,
 * UTF-8 and control characters, and the address form of emails.
 */
static void
valid_string(json_t *obj, const struct valid_field *f, json_t *value,
    const char *prefix, json_t *errors)
{
	const char	*s = json_string_value(value);
	size_t		 len = json_string_length(value), chars;
	char		*trimmed, why[96];
	size_t		 a = 0, b = len;

	if (!valid_utf8_text(s, len, f->type == VALID_LONGTEXT)) {
		valid_fail(errors, prefix, f->name, f->type == VALID_LONGTEXT ?
		    "contains a control character (only line breaks and tabs "
		    "are allowed)" : "contains a line break or a control "
		    "character");
		return;
	}
	if (f->type != VALID_LONGTEXT) {
		while (a < b && s[a] == ' ')
			a++;
		while (b > a && s[b - 1] == ' ')
			b--;
		if (a > 0 || b < len) {
			if ((trimmed = strndup(s + a, b - a)) == NULL)
				return;
			json_object_set_new(obj, f->name, json_string(trimmed));
			free(trimmed);
			value = json_object_get(obj, f->name);
			s = json_string_value(value);
		}
	}
	chars = valid_chars(s);
	if (chars == 0 && f->min > 0) {
		valid_fail(errors, prefix, f->name, "is required");
		return;
	}
	if (chars < f->min || chars > f->max) {
		snprintf(why, sizeof(why), "must be %zu to %zu characters "
		    "(it has %zu)", f->min, f->max, chars);
		valid_fail(errors, prefix, f->name, why);
		return;
	}
	if (f->type == VALID_EMAIL && !valid_email(s))
		valid_fail(errors, prefix, f->name,
		    "is not an email address");
}

/*
 * Validates obj against the field table (ending with a NULL name):
 * unknown fields, missing required ones, JSON types, then values.  Each
 * problem goes into errors as {"prefix.name": "why"}.  *malformed is set
 * when a problem is one of shape (unknown field or wrong type: 400) rather
 * than of value (422).  Strings may be replaced in obj by their trimmed
 * form.  Returns 1 when obj is valid, else 0.
 */
int
valid_object(json_t *obj, const struct valid_field *fields,
    const char *prefix, json_t *errors, int *malformed)
{
	const struct valid_field	*f;
	const char			*key;
	json_t				*value;
	size_t				 before = json_object_size(errors);
	char				 sub[128];
	void				*iter;

	json_object_foreach_safe(obj, iter, key, value) {
		for (f = fields; f->name != NULL; f++)
			if (strcmp(f->name, key) == 0)
				break;
		if (f->name == NULL) {
			valid_fail(errors, prefix, key, "unknown field");
			*malformed = 1;
		}
	}
	for (f = fields; f->name != NULL; f++) {
		value = json_object_get(obj, f->name);
		if (value == NULL || json_is_null(value)) {
			if (f->required)
				valid_fail(errors, prefix, f->name,
				    "is required");
			continue;
		}
		switch (f->type) {
		case VALID_TEXT:
		case VALID_LONGTEXT:
		case VALID_EMAIL:
			if (!json_is_string(value))
				break;
			valid_string(obj, f, value, prefix, errors);
			continue;
		case VALID_BOOL:
			if (json_is_boolean(value))
				continue;
			break;
		case VALID_ID:
			if (!json_is_integer(value))
				break;
			if (json_integer_value(value) < 1)
				valid_fail(errors, prefix, f->name,
				    "must be a positive integer");
			continue;
		case VALID_OBJECT:
			if (!json_is_object(value))
				break;
			snprintf(sub, sizeof(sub), "%s%s.", prefix, f->name);
			valid_object(value, f->sub, sub, errors, malformed);
			continue;
		}
		valid_fail(errors, prefix, f->name, f->type == VALID_BOOL ?
		    "must be true or false" : f->type == VALID_ID ?
		    "must be an integer" : f->type == VALID_OBJECT ?
		    "must be an object" : "must be a string");
		*malformed = 1;
	}
	return json_object_size(errors) == before;
}
