/*
 * unicode.h: the character classes one-line text is checked against,
 * a table scripts/gen-unicode writes to build/unicode_table.c from the
 * Unicode Character Database at build time (see that script).
 */
#ifndef UNICODE_H
#define UNICODE_H

enum unicode_class {
	UNICODE_OTHER,		/* not in the table */
	UNICODE_INVISIBLE,	/* default-ignorable, Cf, Hangul filler */
	UNICODE_JOINING,	/* letter or mark of a script that joins */
	UNICODE_MARK,		/* combining mark of its base's script */
};

/* first..last, both included; sorted, never overlapping. */
struct unicode_range {
	unsigned int		 first, last;
	enum unicode_class	 class;
};

extern const struct unicode_range unicode_ranges[];
extern const size_t unicode_ranges_len;

#endif
