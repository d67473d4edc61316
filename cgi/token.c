/*
 * token.c: the random secrets of the program (link tokens and session
 * cookies): making one, the hashed form stored in the database, the shape
 * check applied before any lookup, and the link that carries one.  Only
 * hashes are ever stored; a token lives in a mail or a cookie.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "awards.h"

/*
 * Writes "\\x" and the hex SHA-256 of the text token into out: the bytea
 * form in which tokens and sessions are stored and looked up.
 */
void
token_hash(const char *token, char out[TOKEN_HASH_SIZE])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	out[0] = '\\';
	out[1] = 'x';
	sodium_bin2hex(out + 2, TOKEN_HASH_SIZE - 2, h, sizeof(h));
}

/*
 * Makes a new token: 256 random bits as 64 hex digits into token, and
 * their stored form into hash.
 */
void
token_new(char token[TOKEN_SIZE], char hash[TOKEN_HASH_SIZE])
{
	util_random_hex(token, 32);
	token_hash(token, hash);
}

/* Whether s is 64 lower-case hex digits, the shape of every token made. */
int
token_shape(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return i == 64;
}

/*
 * The link that spends token on page: {AWARDS_BASE_URL}/page#token=T.
 * The token sits in the fragment, so it never reaches a server log, and
 * only a POST from the page spends it.  Returns a string the caller
 * frees with token_url_free(), or NULL when out of memory.
 */
char *
token_url(const char *page, const char *token)
{
	char	*url;

	if (asprintf(&url, "%s/%s#token=%s", config.base_url, page,
	    token) == -1)
		return NULL;
	return url;
}

/*
 * Sets member name of values (a mail's placeholders) to the link that
 * spends token on page: how a mail carries its link.  Returns 0, or -1
 * when values is NULL or memory runs out.
 */
int
token_link_value(json_t *values, const char *name, const char *page,
    const char *token)
{
	char	*url;
	int	 rc;

	if (values == NULL || (url = token_url(page, token)) == NULL)
		return -1;
	rc = json_object_set_new(values, name, json_string(url));
	token_url_free(url);
	return rc;
}

/* Zeroes and frees a link of token_url(): it holds a secret.  NULL is fine. */
void
token_url_free(char *url)
{
	if (url != NULL)
		sodium_memzero(url, strlen(url));
	free(url);
}
