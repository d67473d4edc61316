/*
 * config.c: configuration from the environment (SPEC §6), read once at
 * start-up.  A bad value stops start-up with a one-line reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "awards.h"

struct config config;

/* The secrets read from files; they live as long as the process. */
static char	database_password[1024];
static char	smtp_password[1024];

static const char *
env_or(const char *name, const char *fallback)
{
	const char	*v = getenv(name);

	return (v != NULL && *v != '\0') ? v : fallback;
}

/*
 * Reads the integer variable name (1 to 1024) into *out, or dflt when it
 * is unset.  Returns 0, or -1 with a reason in why.
 */
static int
config_int(const char *name, long dflt, int *out, char *why, size_t whysz)
{
	const char	*text = env_or(name, NULL);
	char		*end;
	long		 n;

	if (text == NULL) {
		*out = (int)dflt;
		return 0;
	}
	n = strtol(text, &end, 10);
	if (*end != '\0' || n < 1 || n > 1024) {
		snprintf(why, whysz, "%s must be an integer from 1 to 1024, "
		    "not \"%s\"", name, text);
		return -1;
	}
	*out = (int)n;
	return 0;
}

/*
 * Reads the secret in the file at path, named by the variable name, into
 * out (outsz bytes, NUL-terminated): one line, its final newline dropped,
 * as systemd's LoadCredential= or an editor leaves it.  The file must
 * not be readable by others, as libpq asks of a passfile.  Returns 0, or
 * -1 with a reason in why, which never holds the secret.
 */
int
config_read_secret(const char *name, const char *path, char *out,
    size_t outsz, char *why, size_t whysz)
{
	struct stat	 st;
	ssize_t		 n;
	size_t		 len = 0;
	int		 fd, rc = -1;

	out[0] = '\0';
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(why, whysz, "%s: %s: %s", name, path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		snprintf(why, whysz, "%s: %s is not a file", name, path);
		goto out;
	}
	if (st.st_mode & S_IROTH) {
		snprintf(why, whysz, "%s: %s is readable by others (mode "
		    "%04o): chmod o-rwx", name, path,
		    (unsigned int)(st.st_mode & 07777));
		goto out;
	}
	/* One byte more than fits, to tell a secret too long. */
	while (len < outsz && (n = read(fd, out + len, outsz - len)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			snprintf(why, whysz, "%s: %s: %s", name, path,
			    strerror(errno));
			goto out;
		}
		len += (size_t)n;
	}
	if (len == outsz) {
		snprintf(why, whysz, "%s: %s holds more than %zu bytes", name,
		    path, outsz - 2);
		goto out;
	}
	if (len > 0 && out[len - 1] == '\n')
		len--;
	if (len > 0 && out[len - 1] == '\r')
		len--;
	out[len] = '\0';
	if (len == 0) {
		snprintf(why, whysz, "%s: %s is empty", name, path);
		goto out;
	}
	if (strlen(out) != len || strpbrk(out, "\r\n") != NULL) {
		snprintf(why, whysz, "%s: %s must hold one line, the password "
		    "alone", name, path);
		goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		sodium_memzero(out, outsz);
	close(fd);
	return rc;
}

/*
 * The secret in variable name (NULL: none such) or in the file named by
 * variable file_name, read into buf: *out is left NULL when neither is
 * set.  Both set is refused, since one of them would be ignored unseen.
 * Returns 0, or -1 with a reason in why.
 */
static int
config_secret(const char *name, const char *file_name, char *buf,
    size_t bufsz, const char **out, char *why, size_t whysz)
{
	const char	*path;

	*out = name != NULL ? env_or(name, NULL) : NULL;
	if ((path = env_or(file_name, NULL)) == NULL)
		return 0;
	if (*out != NULL) {
		snprintf(why, whysz, "set %s or %s, not both", name,
		    file_name);
		return -1;
	}
	if (config_read_secret(file_name, path, buf, bufsz, why,
	    whysz) == -1)
		return -1;
	*out = buf;
	return 0;
}

/*
 * Fills the global config.  Returns 0, or -1 with a reason in why.
 */
int
config_load(char *why, size_t whysz)
{
	long		 n;

	config.database_url = env_or("AWARDS_DATABASE_URL", "dbname=awards");
	/* Migrations run as the owner role, serve and mailer as the
	 * application role (SPEC §7). */
	config.migrate_database_url = env_or("AWARDS_MIGRATE_DATABASE_URL",
	    config.database_url);
	config.socket = env_or("AWARDS_SOCKET", "var/run/awards.sock");
	config.base_url = env_or("AWARDS_BASE_URL", "http://localhost:8080");
	config.smtp_url = env_or("AWARDS_SMTP_URL", "smtp://localhost:25");
	config.smtp_user = env_or("AWARDS_SMTP_USER", NULL);
	/*
	 * Passwords from files (systemd credentials), so that they need
	 * not sit in the environment file; the database's may also come
	 * from libpq's own passfile (PGPASSFILE) or the URL.
	 */
	if (config_secret("AWARDS_SMTP_PASSWORD", "AWARDS_SMTP_PASSWORD_FILE",
	    smtp_password, sizeof(smtp_password), &config.smtp_password,
	    why, whysz) == -1)
		return -1;
	if (config_secret(NULL, "AWARDS_DATABASE_PASSWORD_FILE",
	    database_password, sizeof(database_password),
	    &config.database_password, why, whysz) == -1)
		return -1;
	config.smtp_starttls = env_or("AWARDS_SMTP_STARTTLS", "optional");
	config.mail_from = env_or("AWARDS_MAIL_FROM", "awards@localhost");
	config.mail_from_name = env_or("AWARDS_MAIL_FROM_NAME",
	    "Change-Maker Awards");

	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 2)
		n = 2;
	/*
	 * Each FastCGI connection nginx keeps idle pins a thread: the
	 * shipped configurations keep 8 per nginx worker, with as many
	 * workers as cores (worker_processes auto; the local stack runs 2).
	 * So 8 per core, at least 2 cores' worth, plus 2 per core and 16
	 * more for requests in flight.
	 */
	if (config_int("AWARDS_THREADS", 10 * n + 16, &config.threads,
	    why, whysz) == -1)
		return -1;
	/*
	 * Requests at the database at once (server.c): 4 per core, so that
	 * PostgreSQL runs a few backends per core instead of one per
	 * request in flight.
	 */
	if (config_int("AWARDS_DB_SLOTS", 4 * n, &config.db_slots, why,
	    whysz) == -1)
		return -1;
	if (strncmp(config.base_url, "http://", 7) != 0 &&
	    strncmp(config.base_url, "https://", 8) != 0) {
		snprintf(why, whysz, "AWARDS_BASE_URL must start with "
		    "http:// or https://");
		return -1;
	}
	if (config.base_url[strlen(config.base_url) - 1] == '/') {
		snprintf(why, whysz, "AWARDS_BASE_URL must not end with /");
		return -1;
	}
	config.secure_cookies = strncmp(config.base_url, "https://", 8) == 0;
	/* Over TCP, libfcgi's allow-list is all that keeps others out. */
	if (strchr(config.socket, '/') == NULL &&
	    strchr(config.socket, ':') != NULL &&
	    (getenv("FCGI_WEB_SERVER_ADDRS") == NULL ||
	    *getenv("FCGI_WEB_SERVER_ADDRS") == '\0')) {
		snprintf(why, whysz, "AWARDS_SOCKET host:port needs "
		    "FCGI_WEB_SERVER_ADDRS, the addresses of the nginx hosts");
		return -1;
	}
	if (strncmp(config.smtp_url, "smtp://", 7) != 0 &&
	    strncmp(config.smtp_url, "smtps://", 8) != 0) {
		snprintf(why, whysz, "AWARDS_SMTP_URL must start with "
		    "smtp:// or smtps://");
		return -1;
	}
	if (strcmp(config.smtp_starttls, "required") != 0 &&
	    strcmp(config.smtp_starttls, "optional") != 0 &&
	    strcmp(config.smtp_starttls, "off") != 0) {
		snprintf(why, whysz, "AWARDS_SMTP_STARTTLS must be required, "
		    "optional or off");
		return -1;
	}
	/* A password must never cross the network in clear text. */
	if (config.smtp_user != NULL &&
	    strncmp(config.smtp_url, "smtps://", 8) != 0 &&
	    strcmp(config.smtp_starttls, "required") != 0) {
		snprintf(why, whysz, "AWARDS_SMTP_USER needs smtps:// or "
		    "AWARDS_SMTP_STARTTLS=required");
		return -1;
	}
	if (strlen(config.mail_from) > 254 ||
	    strpbrk(config.mail_from, "\r\n<> ") != NULL ||
	    strchr(config.mail_from, '@') == NULL) {
		snprintf(why, whysz, "AWARDS_MAIL_FROM must be an address");
		return -1;
	}
	if (strlen(config.mail_from_name) > 100 ||
	    !mail_header_safe(config.mail_from_name)) {
		snprintf(why, whysz, "AWARDS_MAIL_FROM_NAME must be one line "
		    "of at most 100 bytes");
		return -1;
	}
	return 0;
}
