/*
 * password.c: passwords as argon2id hashes (libsodium crypto_pwhash_str),
 * SPEC §7.  Each hash costs PASSWORD_MEMLIMIT of memory, so at most
 * PASSWORD_CONCURRENT are computed at once in the process: a login flood
 * waits in line instead of exhausting memory.  Never logs a password.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "awards.h"

#define PASSWORD_OPSLIMIT	crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PASSWORD_MEMLIMIT	crypto_pwhash_MEMLIMIT_INTERACTIVE
#define PASSWORD_CONCURRENT	2

static sem_t		 password_slots;
static pthread_once_t	 password_once = PTHREAD_ONCE_INIT;
static int		 password_ready;
/* A hash of a random password, verified against when there is no user. */
static char		 password_dummy[crypto_pwhash_STRBYTES];

static void
password_init(void)
{
	char	 random[33];

	if (sem_init(&password_slots, 0, PASSWORD_CONCURRENT) == -1)
		return;
	util_random_hex(random, 16);
	if (crypto_pwhash_str(password_dummy, random, strlen(random),
	    PASSWORD_OPSLIMIT, PASSWORD_MEMLIMIT) != 0)
		return;
	sodium_memzero(random, sizeof(random));
	password_ready = 1;
}

/*
 * Takes one of the hashing slots if one is free, without waiting: a
 * request that waited would hold a thread (and its connection), so that
 * a login flood would stall the whole API behind the hashes (SPEC §7: 503
 * with Retry-After at once).  Returns 0, or -1 when every slot is busy.
 */
static int
password_acquire(void)
{
	pthread_once(&password_once, password_init);
	if (!password_ready)
		return -1;
	while (sem_trywait(&password_slots) == -1)
		if (errno != EINTR)
			return -1;
	return 0;
}

static void
password_release(void)
{
	sem_post(&password_slots);
}

/*
 * Whether password is acceptable: valid single-line UTF-8 of at least
 * PASSWORD_MIN characters and at most PASSWORD_MAX bytes.  Sets *why to a
 * message for the "password" field when not.  Returns 1 or 0.
 */
int
password_valid(const char *password, const char **why)
{
	size_t		 len = strlen(password), chars = 0, i;

	*why = NULL;
	if (len > PASSWORD_MAX || !valid_utf8_text(password, len, 0)) {
		*why = len > PASSWORD_MAX ? "must be at most 1024 bytes" :
		    "must be text without control characters";
		return 0;
	}
	for (i = 0; i < len; i++)
		if (((unsigned char)password[i] & 0xc0) != 0x80)
			chars++;
	if (chars < PASSWORD_MIN) {
		*why = "must be at least 12 characters";
		return 0;
	}
	return 1;
}

/*
 * Hashes password into out (crypto_pwhash_STRBYTES bytes).  Returns 0, or
 * -1 when no slot came free in time or memory ran out.
 */
int
password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	int	 rc;

	if (password_acquire() == -1)
		return -1;
	rc = crypto_pwhash_str(out, password, strlen(password),
	    PASSWORD_OPSLIMIT, PASSWORD_MEMLIMIT);
	password_release();
	return rc == 0 ? 0 : -1;
}

/*
 * Checks password against hash; with hash NULL (no such user) checks it
 * against a dummy hash of the same cost, so that the answer takes as long
 * for an unknown account as for a wrong password.  Returns 1 when it
 * matches, 0 when not, -1 when no slot came free in time.
 * *rehash is set to 1 when it matched a hash of weaker parameters than
 * today's, so that the caller stores a new one.
 */
int
password_verify(const char *password, const char *hash, int *rehash)
{
	int	 ok;

	*rehash = 0;
	if (password_acquire() == -1)
		return -1;
	ok = crypto_pwhash_str_verify(hash != NULL ? hash : password_dummy,
	    password, strlen(password)) == 0;
	password_release();
	if (hash == NULL)
		return 0;
	if (ok && crypto_pwhash_str_needs_rehash(hash, PASSWORD_OPSLIMIT,
	    PASSWORD_MEMLIMIT) != 0)
		*rehash = 1;
	return ok;
}
