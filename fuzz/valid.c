/*
 * fuzz/valid.c: valid_object() of cgi/valid.c on arbitrary JSON, parsed
 * as http_body_json() parses a request body (duplicates refused, NUL
 * allowed inside strings so that the validators can refuse it).
 *
 * Every JSON object is run through real field tables (the nomination
 * form, nomination_submit_fields, with its two sub-objects; a cycle's
 * settings, cycle_create_fields, with TIME, INT, BOOL and EMAIL; the
 * phase, cycle_phase_fields, an ENUM) and through a table of every type
 * written here (OBJECT with and without sub, ENUM, INT, NUMBER, SECRET,
 * TIME, ID, LONGTEXT).  Beyond "no crash, no leak, no UB" it asserts:
 *
 * - valid_object() answers 1 exactly when it recorded no error, and a
 *   shape problem (*malformed) never comes with 1;
 * - what it accepts holds only known fields, recursively, each of its
 *   type, required ones present; every string free of NUL (checked with
 *   its length, not up to a NUL) and of control characters (one-line
 *   text: none; long text: only \n and \t), one-line text trimmed and
 *   within its length in characters, free of bidi and zero-width
 *   controls (ZWNJ and ZWJ only between two non-ASCII characters), of
 *   U+2060-U+206F, the soft hyphen and tag characters; integers and
 *   numbers within their bounds, enums one of the choices, times of the
 *   RFC 3339 shape;
 * - an accepted email goes into a To header as it is (mail_to_header()
 *   takes it), since it reaches an SMTP envelope and a header;
 * - accepting is stable: an accepted object is accepted again unchanged.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"

static const char *const colours[] = { "red", "green", "", NULL };

static const struct valid_field inner_fields[] = {
	{ .name = "when", .type = VALID_TIME, .required = 1 },
	{ .name = "colour", .type = VALID_ENUM, .choices = colours },
	{ .name = NULL }
};

static const struct valid_field every_fields[] = {
	{ .name = "id", .type = VALID_ID },
	{ .name = "count", .type = VALID_INT, .lo = -5, .hi = 100 },
	{ .name = "weight", .type = VALID_NUMBER },
	{ .name = "secret", .type = VALID_SECRET, .max = 64 },
	{ .name = "when", .type = VALID_TIME },
	{ .name = "colour", .type = VALID_ENUM, .required = 1,
	    .choices = colours },
	{ .name = "inner", .type = VALID_OBJECT, .sub = inner_fields },
	{ .name = "free", .type = VALID_OBJECT, .sub = NULL },
	{ .name = "text", .type = VALID_TEXT, .max = 10 },
	{ .name = "long", .type = VALID_LONGTEXT, .min = 2, .max = 40 },
	{ .name = "email", .type = VALID_EMAIL, .min = 3, .max = 254 },
	{ .name = "flag", .type = VALID_BOOL },
	{ .name = NULL }
};

#define CHECK(cond)	do { if (!(cond)) abort(); } while (0)

/* The field of fields named name, or NULL. */
static const struct valid_field *
field(const struct valid_field *fields, const char *name)
{
	for (; fields->name != NULL; fields++)
		if (strcmp(fields->name, name) == 0)
			return fields;
	return NULL;
}

/* Checks an accepted string of field f (see the invariants above). */
static void
check_string(const struct valid_field *f, json_t *v)
{
	const unsigned char *s = (const unsigned char *)json_string_value(v);
	size_t		 len = json_string_length(v), i, chars = 0;
	char		*to;

	CHECK(strlen((const char *)s) == len);
	for (i = 0; i < len; i++) {
		chars += (s[i] & 0xc0) != 0x80;
		CHECK(s[i] != 0x7f);
		CHECK(s[i] >= 0x20 || (f->type == VALID_LONGTEXT &&
		    (s[i] == '\n' || s[i] == '\t')));
		/* C1 controls, U+2028 and U+2029. */
		CHECK(!(s[i] == 0xc2 && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f));
		CHECK(!(s[i] == 0xe2 && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0xa8 || s[i + 2] == 0xa9)));
		if (f->type != VALID_TEXT)
			continue;
		CHECK(!(s[i] == 0xef && s[i + 1] == 0xbb && s[i + 2] == 0xbf));
		CHECK(!(s[i] == 0xe2 && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0x8b || s[i + 2] == 0x8e ||
		    s[i + 2] == 0x8f ||
		    (s[i + 2] >= 0xaa && s[i + 2] <= 0xae))));
		/* ZWNJ and ZWJ only between letters, never ASCII ones. */
		if (s[i] == 0xe2 && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0x8c || s[i + 2] == 0x8d))
			CHECK(i > 0 && s[i - 1] >= 0x80 && s[i + 3] >= 0x80);
		CHECK(!(s[i] == 0xe2 && s[i + 1] == 0x81 &&
		    s[i + 2] >= 0xa0 && s[i + 2] <= 0xaf));
		CHECK(!(s[i] == 0xc2 && s[i + 1] == 0xad));	/* U+00AD */
		CHECK(!(s[i] == 0xf3 && s[i + 1] == 0xa0));	/* tags */
	}
	if (f->type != VALID_LONGTEXT)
		CHECK(len == 0 || (s[0] != ' ' && s[len - 1] != ' '));
	CHECK(chars >= f->min && chars <= f->max);
	if (f->type == VALID_EMAIL) {
		CHECK(mail_to_header("", (const char *)s, &to) == 0);
		free(to);
	}
}

/* Checks that obj, accepted by valid_object(), conforms to fields. */
static void
conforms(json_t *obj, const struct valid_field *fields)
{
	const struct valid_field *f;
	const char	*key, *s;
	json_t		*v;
	size_t		 i;
	int		 known;

	json_object_foreach(obj, key, v)
		CHECK(field(fields, key) != NULL);
	for (f = fields; f->name != NULL; f++) {
		v = json_object_get(obj, f->name);
		if (v == NULL || json_is_null(v)) {
			CHECK(!f->required);
			continue;
		}
		switch (f->type) {
		case VALID_TEXT:
		case VALID_LONGTEXT:
		case VALID_EMAIL:
			CHECK(json_is_string(v));
			check_string(f, v);
			break;
		case VALID_SECRET:
			CHECK(json_is_string(v));
			CHECK(strlen(json_string_value(v)) ==
			    json_string_length(v));
			CHECK(json_string_length(v) <= f->max);
			break;
		case VALID_BOOL:
			CHECK(json_is_boolean(v));
			break;
		case VALID_ID:
			CHECK(json_is_integer(v) && json_integer_value(v) >= 1);
			break;
		case VALID_INT:
			CHECK(json_is_integer(v) &&
			    json_integer_value(v) >= f->lo &&
			    json_integer_value(v) <= f->hi);
			break;
		case VALID_NUMBER:
			CHECK(json_is_number(v) && json_number_value(v) > 0 &&
			    json_number_value(v) <= (double)f->hi);
			break;
		case VALID_URL:
			CHECK(json_is_string(v));
			CHECK(strlen(json_string_value(v)) ==
			    json_string_length(v));
			CHECK(valid_url(json_string_value(v)));
			break;
		case VALID_TIME:
			CHECK(json_is_string(v));
			s = json_string_value(v);
			CHECK(strlen(s) == json_string_length(v));
			CHECK(strlen(s) >= 20 && strlen(s) <= 35);
			CHECK(s[4] == '-' && s[7] == '-' && s[13] == ':' &&
			    s[16] == ':' && (s[10] == 'T' || s[10] == 't'));
			CHECK(strspn(s + 19, "0123456789.+-:Zz") ==
			    strlen(s + 19));
			break;
		case VALID_ENUM:
			CHECK(json_is_string(v));
			s = json_string_value(v);
			CHECK(strlen(s) == json_string_length(v));
			for (i = 0, known = 0; f->choices[i] != NULL; i++)
				known |= strcmp(f->choices[i], s) == 0;
			CHECK(known);
			break;
		case VALID_OBJECT:
			CHECK(json_is_object(v));
			if (f->sub != NULL)
				conforms(v, f->sub);
			break;
		case VALID_ARRAY:
			CHECK(json_is_array(v));
			CHECK(json_array_size(v) <= f->max);
			for (i = 0; i < json_array_size(v); i++) {
				CHECK(json_is_object(json_array_get(v, i)));
				if (f->sub != NULL)
					conforms(json_array_get(v, i), f->sub);
			}
			break;
		}
	}
}

/* Runs obj (not changed) through fields and checks the outcome. */
static void
run(json_t *obj, const struct valid_field *fields)
{
	json_t	*copy, *again, *errors;
	int	 malformed = 0, ok;

	if ((copy = json_deep_copy(obj)) == NULL ||
	    (errors = json_object()) == NULL)
		abort();
	ok = valid_object(copy, fields, "", errors, &malformed);
	CHECK(ok == (json_object_size(errors) == 0));
	CHECK(!(ok && malformed));
	if (ok) {
		conforms(copy, fields);
		if ((again = json_deep_copy(copy)) == NULL)
			abort();
		CHECK(valid_object(again, fields, "", errors, &malformed));
		CHECK(json_equal(again, copy));
		json_decref(again);
	}
	json_decref(errors);
	json_decref(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t		*obj;
	json_error_t	 err;

	if (size > HTTP_BODY_MAX)
		return 0;
	obj = json_loadb((const char *)data, size,
	    JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
	if (obj == NULL)
		return 0;
	if (json_is_object(obj)) {
		run(obj, nomination_submit_fields);
		run(obj, cycle_create_fields);
		run(obj, cycle_phase_fields);
		run(obj, every_fields);
	}
	json_decref(obj);
	return 0;
}
