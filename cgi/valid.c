/*
 * valid.c: field validators.  Each answers 1 (valid) or 0.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "awards.h"
#include "unicode.h"

/*
 * Whether s (len bytes) is well-formed UTF-8 with no NUL or control
 * character; multiline text may also hold \n and \t.  Overlong forms,
 * surrogates and code points past U+10FFFF are refused.
 */
int
valid_utf8_text(const char *s, size_t len, int multiline)
{
	size_t		 at = 0;
	unsigned int	 c;
	int		 n;

	while (at < len) {
		if ((n = util_utf8_char(s + at, len - at, &c)) <= 0)
			return 0;
		at += n;
		if (c == 0x7f || (c < 0x20 &&
		    !(multiline && (c == '\n' || c == '\t'))))
			return 0;
		/* C1 controls and the line/paragraph separators. */
		if ((c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029)
			return 0;
	}
	return 1;
}

/*
 * Whether s is a plain mail address (SPEC §7): local@domain, at most 254
 * bytes.  The local part is dot-separated atoms of letters, digits and
 * !#$&'*+-/=?^_`{|}~ less ! and % (the old source-routing forms
 * "a%b@relay" and "b!a@relay" that a mail server may forward elsewhere),
 * at most 64 bytes, never quoted.  The domain is a name of at least two
 * labels of letters, digits and inner hyphens, at most 63 each, whose
 * last label is not all digits: no IP address or [literal].  Stricter than
 * RFC 5321 on purpose: it reaches an SMTP envelope and a mail header.
 */
int
valid_email(const char *s)
{
	const char	*at, *p;
	size_t		 len = strlen(s), label = 0, labels = 0;
	int		 digits = 1;

	if (len < 3 || len > 254 || (at = strchr(s, '@')) == NULL ||
	    at == s || at - s > 64)
		return 0;
	for (p = s; p < at; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') ||
		    (*p != '\0' && strchr(".#$&'*+-/=?^_`{|}~", *p) != NULL)))
			return 0;
	if (s[0] == '.' || at[-1] == '.' || strstr(s, "..") != NULL)
		return 0;
	for (p = at + 1;; p++) {
		if (*p == '.' || *p == '\0') {
			/* A label ends: not empty, no hyphen at its end. */
			if (label == 0 || p[-1] == '-')
				return 0;
			labels++;
			if (*p == '\0')
				break;
			label = 0;
			digits = 1;
		} else if ((*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    (*p == '-' && label > 0)) {
			if (++label > 63)
				return 0;
			if (*p < '0' || *p > '9')
				digits = 0;
		} else
			return 0;
	}
	return labels >= 2 && !digits;
}

/* The class of code point c in the generated table (binary search). */
static enum unicode_class
valid_unicode_class(unsigned int c)
{
	size_t	 lo = 0, hi = unicode_ranges_len, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c < unicode_ranges[mid].first)
			hi = mid;
		else if (c > unicode_ranges[mid].last)
			lo = mid + 1;
		else
			return unicode_ranges[mid].class;
	}
	return UNICODE_OTHER;
}

/*
 * Whether the UTF-8 text s holds a character that shows nothing or turns
 * the direction of the text: Default_Ignorable_Code_Point, general
 * category Cf and the Hangul fillers, as build/unicode_table.c classes
 * them.  They let a name read otherwise than it is written ("Hello
 * evil.example" shown reversed), or two names that look alike differ.
 * ZWNJ and ZWJ alone are allowed between two letters of a script that
 * writes with them (Persian "mi<ZWNJ>khaham"): the character before,
 * combining marks skipped, and the one after are UNICODE_JOINING, which
 * Latin and ASCII never are.  Bytes that are not UTF-8 are skipped
 * (valid_utf8_text() refuses them).  Returns 1 or 0.
 */
int
valid_has_invisible(const char *s)
{
	size_t			 len = strlen(s), at = 0;
	unsigned int		 c, next;
	enum unicode_class	 class, base = UNICODE_OTHER;
	int			 n, m;

	while (at < len) {
		if ((n = util_utf8_char(s + at, len - at, &c)) <= 0) {
			at++;
			base = UNICODE_OTHER;
			continue;
		}
		at += n;
		class = valid_unicode_class(c);
		if (class == UNICODE_MARK)
			continue;	/* of its base's script */
		if (class == UNICODE_INVISIBLE) {
			if ((c != 0x200c && c != 0x200d) ||
			    base != UNICODE_JOINING)
				return 1;
			m = util_utf8_char(s + at, len - at, &next);
			if (m <= 0 || valid_unicode_class(next) !=
			    UNICODE_JOINING)
				return 1;
		}
		base = class;
	}
	return 0;
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

/*
 * Adds "why" for field prefix+name to errors.  A long name is cut to a
 * whole character (a key cut inside one is not UTF-8, and jansson would
 * refuse it, letting the field pass): the problem is always recorded, if
 * need be under a key of its own.
 */
static void
valid_fail(json_t *errors, const char *prefix, const char *name,
    const char *why)
{
	char	 key[128];

	snprintf(key, sizeof(key), "%s%s", prefix, name);
	util_utf8_repair(key);
	if (json_object_set_new(errors, key, json_string(why)) == -1 ||
	    json_object_get(errors, key) == NULL)
		json_object_set_new(errors, "?", json_string(why));
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
	if (f->type == VALID_TEXT && valid_has_invisible(s)) {
		valid_fail(errors, prefix, f->name, "contains an invisible or "
		    "text-direction control character");
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
	if (f->type == VALID_URL && !valid_url(s)) {
		valid_fail(errors, prefix, f->name, "is not an address "
		    "starting with https:// or http://");
		return;
	}
	if (f->type == VALID_EMAIL && !valid_email(s))
		valid_fail(errors, prefix, f->name, chars != strlen(s) ?
		    "is not an email address we can use: accented and "
		    "non-Latin letters are not supported in addresses yet" :
		    "is not an email address");
}

/* Whether s is one of the choices of f. */
static int
valid_choice(const struct valid_field *f, const char *s)
{
	size_t	 i;

	for (i = 0; f->choices != NULL && f->choices[i] != NULL; i++)
		if (strcmp(f->choices[i], s) == 0)
			return 1;
	return 0;
}

/*
 * Whether v is a VALID_NUMBER: above 0, at most hi, in hundredths (a
 * weight of SPEC §3).  Keeping weights this small keeps the rankings'
 * sums exact (docs/performance.md).  Returns 1 or 0.
 */
static int
valid_number(double v, long long hi)
{
	double	 cents = v * 100;

	return v > 0 && v <= (double)hi && fabs(cents - round(cents)) < 1e-6;
}

/*
 * Whether s is an absolute http or https address a browser may be sent
 * to: the scheme, a host, then only the characters RFC 3986 allows in a
 * URL (ASCII, no space, no control, no quote or angle bracket, so no
 * CR/LF either).  A user part ("user@host") is refused: it makes an
 * address read as another site's.  Returns 1 or 0.
 */
int
valid_url(const char *s)
{
	static const char allowed[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%";
	size_t	 n, host;

	if (strncasecmp(s, "https://", 8) == 0)
		n = 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		n = 7;
	else
		return 0;
	host = strcspn(s + n, "/?#");
	if (host == 0 || memchr(s + n, '@', host) != NULL)
		return 0;
	return s[strspn(s, allowed)] == '\0';
}

/*
 * Whether s is an RFC 3339 time: YYYY-MM-DDTHH:MM:SS, optional fraction,
 * then Z or +HH:MM / -HH:MM.  Field ranges are checked loosely here (month
 * 1-12, day 1-31, hour 0-23, minute and second 0-59); PostgreSQL refuses
 * a day the month lacks.
 */
int
valid_time(const char *s)
{
	int	 y, mo, d, h, mi, se, n = 0;
	size_t	 len = strlen(s);

	if (len < 20 || len > 35 || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n",
	    &y, &mo, &d, &h, &mi, &se, &n) != 6 || n != 19)
		return 0;
	if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
	    s[13] != ':' || s[16] != ':' || y < 1970 || mo < 1 || mo > 12 ||
	    d < 1 || d > 31 || h > 23 || mi > 59 || se > 59)
		return 0;
	s += 19;
	if (*s == '.') {
		if (s[1] < '0' || s[1] > '9')
			return 0;
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	}
	if (strcmp(s, "Z") == 0 || strcmp(s, "z") == 0)
		return 1;
	return (s[0] == '+' || s[0] == '-') && strlen(s) == 6 &&
	    s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9' &&
	    s[3] == ':' && s[4] >= '0' && s[4] <= '5' && s[5] >= '0' &&
	    s[5] <= '9';
}

/*
 * Checks each element of the array value of field f against f->sub, its
 * problems named "<prefix><name>[<i>].<field>"; an element that is not
 * an object is malformed.
 */
static void
valid_array(json_t *value, const struct valid_field *f, const char *prefix,
    json_t *errors, int *malformed)
{
	json_t	*item;
	size_t	 i;
	char	 sub[128];

	json_array_foreach(value, i, item) {
		snprintf(sub, sizeof(sub), "%s%s[%zu]", prefix, f->name, i);
		if (!json_is_object(item)) {
			valid_fail(errors, sub, "", "must be an object");
			*malformed = 1;
			continue;
		}
		snprintf(sub, sizeof(sub), "%s%s[%zu].", prefix, f->name, i);
		valid_object(item, f->sub, sub, errors, malformed);
	}
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
	char				 sub[128], why[96];
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
		case VALID_URL:
			if (!json_is_string(value))
				break;
			valid_string(obj, f, value, prefix, errors);
			continue;
		case VALID_SECRET:
			if (!json_is_string(value))
				break;
			if (strlen(json_string_value(value)) !=
			    json_string_length(value))
				valid_fail(errors, prefix, f->name,
				    "must not contain a NUL character");
			else if (json_string_length(value) == 0 &&
			    f->required)
				valid_fail(errors, prefix, f->name,
				    "is required");
			else if (json_string_length(value) > f->max) {
				snprintf(sub, sizeof(sub), "must be at most "
				    "%zu bytes", f->max);
				valid_fail(errors, prefix, f->name, sub);
			}
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
		case VALID_INT:
			if (!json_is_integer(value))
				break;
			if (json_integer_value(value) < f->lo ||
			    json_integer_value(value) > f->hi) {
				snprintf(sub, sizeof(sub), "must be from %lld "
				    "to %lld", f->lo, f->hi);
				valid_fail(errors, prefix, f->name, sub);
			}
			continue;
		case VALID_NUMBER:
			if (!json_is_number(value))
				break;
			if (valid_number(json_number_value(value), f->hi))
				continue;
			snprintf(why, sizeof(why), "must be a number above 0 "
			    "and at most %lld, with at most two decimals",
			    f->hi);
			valid_fail(errors, prefix, f->name, why);
			continue;
		case VALID_TIME:
			if (!json_is_string(value))
				break;
			/* Checked with its length: "...Z\u0000x" is no time. */
			if (!valid_time(json_string_value(value)) ||
			    strlen(json_string_value(value)) !=
			    json_string_length(value))
				valid_fail(errors, prefix, f->name, "is not a "
				    "time like 2027-03-01T05:00:00Z");
			continue;
		case VALID_ENUM:
			if (!json_is_string(value))
				break;
			if (!valid_choice(f, json_string_value(value)) ||
			    strlen(json_string_value(value)) !=
			    json_string_length(value))
				valid_fail(errors, prefix, f->name,
				    "is not one of the allowed values");
			continue;
		case VALID_ARRAY:
			if (!json_is_array(value))
				break;
			if (json_array_size(value) > f->max) {
				snprintf(why, sizeof(why), "at most %zu",
				    f->max);
				valid_fail(errors, prefix, f->name, why);
				continue;
			}
			valid_array(value, f, prefix, errors, malformed);
			continue;
		case VALID_OBJECT:
			if (!json_is_object(value))
				break;
			/* No sub: any members, checked by the handler. */
			if (f->sub == NULL)
				continue;
			snprintf(sub, sizeof(sub), "%s%s.", prefix, f->name);
			valid_object(value, f->sub, sub, errors, malformed);
			continue;
		}
		valid_fail(errors, prefix, f->name, f->type == VALID_BOOL ?
		    "must be true or false" : f->type == VALID_ID ||
		    f->type == VALID_INT ? "must be an integer" :
		    f->type == VALID_NUMBER ? "must be a number" :
		    f->type == VALID_OBJECT ? "must be an object" :
		    f->type == VALID_ARRAY ? "must be an array" :
		    "must be a string");
		*malformed = 1;
	}
	return json_object_size(errors) == before;
}

/*
 * Reads the request body as JSON and validates it against fields: the one
 * way every handler reads a body.  Returns the object (the caller
 * decrefs; strings may have been trimmed) or NULL after answering: 400
 * malformed (not JSON, an unknown field or a wrong type, naming each),
 * 413, 415, or 422 invalid with "fields" naming each bad value.
 */
json_t *
valid_body(struct req *req, const struct valid_field *fields)
{
	json_t	*obj, *errors;
	int	 malformed = 0;

	if ((obj = http_body_json(req)) == NULL)
		return NULL;
	errors = json_object();
	if (valid_object(obj, fields, "", errors, &malformed)) {
		json_decref(errors);
		return obj;
	}
	json_decref(obj);
	if (malformed)
		http_error(req, 400, "malformed", "the request has unknown "
		    "fields or values of the wrong type", errors);
	else
		http_error(req, 422, "invalid", "some fields are not valid",
		    errors);
	return NULL;
}
