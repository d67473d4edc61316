/*
 * main.c: the command line of `awards` (SPEC §6), start-up and the global
 * initialisation that must happen before any thread starts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "awards.h"
#include "db.h"

static void
usage(void)
{
	fprintf(stderr,
	    "usage: awards serve\n"
	    "       awards user add --email E --name N "
	    "--role committee|organizer\n"
	    "       awards user link --email E\n"
	    "       awards mailer\n"
	    "       awards migrate\n"
	    "       awards purge --expired\n"
	    "       awards purge --cycle ID --older-than DAYS\n"
	    "       awards remind\n"
	    "       awards phases\n"
	    "       awards version | --version\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	char	 why[256];
	int	 rc;

	if (argc < 2)
		usage();
	/* What is installed, asked before anything is configured. */
	if ((strcmp(argv[1], "version") == 0 ||
	    strcmp(argv[1], "--version") == 0) && argc == 2) {
		printf("awards %s\n", awards_version);
		return 0;
	}
	/* The reference of docs/phases.md needs no configuration. */
	if (strcmp(argv[1], "phases") == 0 && argc == 2)
		return phase_print_table();
	if (config_load(why, sizeof(why)) == -1) {
		fprintf(stderr, "awards: %s\n", why);
		return 1;
	}
	/* Global state of the libraries, before any thread exists. */
	if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_ALL) != 0) {
		fprintf(stderr, "awards: cannot initialise libraries\n");
		return 1;
	}
	json_object_seed(0);
	setvbuf(stderr, NULL, _IOLBF, 0);

	if (strcmp(argv[1], "user") == 0 && argc >= 3 &&
	    strcmp(argv[2], "add") == 0)
		return user_add_command(argc, argv);
	if (strcmp(argv[1], "user") == 0 && argc >= 3 &&
	    strcmp(argv[2], "link") == 0)
		return user_link_command(argc, argv);

	if (strcmp(argv[1], "serve") == 0 && argc == 2) {
		rc = server_run();
		fflush(NULL);
		/* Worker threads may still sit on idle connections. */
		_exit(rc == 0 ? 0 : 1);
	}
	if (strcmp(argv[1], "mailer") == 0 && argc == 2)
		return mailer_run() == 0 ? 0 : 1;
	if (strcmp(argv[1], "migrate") == 0 && argc == 2)
		return migrate_run(config.migrate_database_url) == 0 ? 0 : 1;
	if (strcmp(argv[1], "remind") == 0 && argc == 2)
		return remind_command();			/* remind.c */
	if (strcmp(argv[1], "purge") == 0)
		return purge_command(argc, argv);	/* purge.c */
	usage();
	return 2;
}
