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
