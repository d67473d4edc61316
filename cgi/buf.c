/*
 * buf.c: the one growable string of the program.  A failed allocation is
 * remembered rather than returned, so a caller appends without checking
 * each step and learns of it once, from buf_finish().
 */
#include <stdlib.h>
#include <string.h>

#include "awards.h"

/* Appends n bytes of p to b (NUL-terminated).  Sets b->failed on OOM. */
void
buf_add(struct buf *b, const char *p, size_t n)
{
	char	*s;
	size_t	 cap;

	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = (b->len + n + 1) * 2 + 64;
		if ((s = realloc(b->s, cap)) == NULL) {
			b->failed = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Appends the string s to b.  Sets b->failed on OOM. */
void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/*
 * Appends s as a JSON string: in quotes, the quote and the backslash
 * escaped with a backslash, control characters as \u00XX, every other
 * byte as it is (s is UTF-8: the database's text).  The same string as
 * jansson's without JSON_ENSURE_ASCII, without a value to build and free:
 * for answers written row by row (ranking.c).
 */
void
buf_json_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	char	 esc[6] = { '\\', 'u', '0', '0' };
	size_t	 run;

	buf_add(b, "\"", 1);
	while (*s != '\0') {
		run = strcspn(s, "\"\\\001\002\003\004\005\006\007\010\011"
		    "\012\013\014\015\016\017\020\021\022\023\024\025\026\027"
		    "\030\031\032\033\034\035\036\037");
		buf_add(b, s, run);
		s += run;
		if (*s == '"' || *s == '\\') {
			esc[1] = *s;
			buf_add(b, esc, 2);
			s++;
		} else if (*s != '\0') {
			esc[1] = 'u';
			esc[4] = hex[(unsigned char)*s >> 4];
			esc[5] = hex[*s & 0xf];
			buf_add(b, esc, 6);
			s++;
		}
	}
	buf_add(b, "\"", 1);
}

/*
 * Hands the string of b to *out (the caller frees it) and returns 0, or
 * frees it and returns -1 when an allocation failed on the way.
 */
int
buf_finish(struct buf *b, char **out, size_t *outlen)
{
	if (b->failed || b->s == NULL) {
		free(b->s);
		b->s = NULL;
		return -1;
	}
	*out = b->s;
	if (outlen != NULL)
		*outlen = b->len;
	b->s = NULL;
	return 0;
}

/* Frees what b holds; b may be appended to again.  Accepts NULL. */
void
buf_free(struct buf *b)
{
	if (b == NULL)
		return;
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}
