# Awards: build, run and test.  See README.md.

CC	?= cc
PG_INCLUDE != pg_config --includedir 2>/dev/null || echo /usr/include/postgresql
WARN	 = -Wall -Wextra -Werror -Wvla -Wshadow -Wformat=2
HARDEN	 = -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
CFLAGS	+= -I$(PG_INCLUDE) -Icgi -Ibuild -std=c11 -D_GNU_SOURCE -O2 -g \
	   $(WARN) $(HARDEN)
LDFLAGS	+= -pie -Wl,-z,relro,-z,now
LIBS	 = -lfcgi -lpq -ljansson -lcurl -lsodium -lpthread -lm
SANITIZE = -fsanitize=address,undefined -fno-omit-frame-pointer

PREFIX	?= /usr
DESTDIR	?=

SRCS	 = $(wildcard cgi/*.c)
MIGRATIONS = $(sort $(wildcard sql/[0-9]*.sql))
# The application role's rights, applied after the migrations on every
# `awards migrate` (sql/grants.sql says why it is not a migration).
GRANTS	 = sql/grants.sql
# The live definition of each SQL function and view, applied after the
# migrations whenever its text changes (docs/sql.md).
FUNCTIONS = $(sort $(wildcard sql/functions/*.sql))
QUERIES	 = $(sort $(wildcard sql/queries/*.sql))
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
# The Unicode Character Database, from Debian's unicode-data (make deps).
UCD	?= /usr/share/unicode
UCD_FILES = $(UCD)/UnicodeData.txt $(UCD)/DerivedCoreProperties.txt \
	   $(UCD)/Scripts.txt

# One object per source file, with its header dependencies (-MMD), so a
# changed file rebuilds its own object only.  The release objects live in
# build/obj, the sanitizer ones (used by every test) in build/asan/obj.
OBJS	 = $(patsubst cgi/%.c,build/obj/%.o,$(SRCS)) \
	   build/obj/migrations.o build/obj/queries.o build/obj/unicode_table.o \
	   build/obj/version.o
ASAN_OBJS = $(patsubst build/obj/%,build/asan/obj/%,$(OBJS))
# Every module but main.c, so unit tests can link what they test.
ASAN_LIB = $(filter-out build/asan/obj/main.o,$(ASAN_OBJS))

all: build/awards

build/migrations.c: $(GRANTS) $(MIGRATIONS) $(FUNCTIONS) scripts/embed-sql
	@mkdir -p build
	scripts/embed-sql $(GRANTS) $(MIGRATIONS) $(FUNCTIONS) > $@

# awards --version: scripts/version, written only when it changes, so
# that an unchanged version relinks nothing.
build/version.c: FORCE
	@mkdir -p build
	@printf 'const char awards_version[] = "%s";\n' \
	    "$$(scripts/version)" > build/version.c.tmp
	@if cmp -s build/version.c.tmp build/version.c; then \
	    rm build/version.c.tmp; \
	else mv build/version.c.tmp build/version.c; fi

FORCE:

# The statements.  One run of the generator writes both files (a grouped
# target, so make -j runs it once), each only when its text changes: a
# statement's SQL edited rebuilds queries.o alone, a name added every
# object.  The stamp remembers the run, as for the Unicode table below.
build/queries.c build/queries.h &: build/queries.stamp
	@test -f build/queries.c -a -f build/queries.h || \
	    { rm -f build/queries.stamp; \
	      $(MAKE) --no-print-directory build/queries.stamp; }

build/queries.stamp: $(QUERIES) scripts/embed-queries scripts/queries.py
	@mkdir -p build
	scripts/embed-queries build/queries.h build/queries.c $(QUERIES)
	@touch $@

# Every column a handler reads by name is one its statement returns
# (scripts/check-columns): checked before any object of cgi/ is compiled,
# again only when a source or a statement changes.  Order-only for the
# objects, so that a new stamp recompiles nothing.
build/columns.stamp: $(SRCS) $(QUERIES) scripts/check-columns \
	    scripts/queries.py
	@mkdir -p build
	@echo "scripts/check-columns cgi/*.c -- sql/queries/*.sql"
	@scripts/check-columns $(SRCS) -- $(QUERIES)
	@touch $@

# The classes of characters valid.c refuses in one-line text.  The table
# is written only when its text changes, so that a new unicode-data
# package that changes nothing rebuilds nothing; the stamp remembers that
# the check was made, so it is not made again at every make (Automake's
# stamp-h idiom: a table removed by hand is written again).
build/unicode_table.c: build/unicode_table.stamp
	@test -f $@ || rm -f build/unicode_table.stamp
	@test -f $@ || $(MAKE) --no-print-directory build/unicode_table.stamp

build/unicode_table.stamp: $(UCD_FILES) scripts/gen-unicode
	@mkdir -p build
	scripts/gen-unicode $(UCD_FILES) > build/unicode_table.c.tmp
	@if cmp -s build/unicode_table.c.tmp build/unicode_table.c; then \
	    rm build/unicode_table.c.tmp; \
	else mv build/unicode_table.c.tmp build/unicode_table.c; fi
	@touch $@

$(UCD_FILES):
	@echo "$@ is missing: make deps installs Debian's unicode-data" >&2
	@exit 1

build/obj/%.o: cgi/%.c build/queries.h | build/columns.stamp
	@mkdir -p build/obj
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

build/obj/%.o: build/%.c build/queries.h
	@mkdir -p build/obj
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

build/asan/obj/%.o: cgi/%.c build/queries.h | build/columns.stamp
	@mkdir -p build/asan/obj
	$(CC) $(CFLAGS) -O1 $(SANITIZE) -MMD -MP -c $< -o $@

build/asan/obj/%.o: build/%.c build/queries.h
	@mkdir -p build/asan/obj
	$(CC) $(CFLAGS) -O1 $(SANITIZE) -MMD -MP -c $< -o $@

build/awards: $(OBJS)
	$(CC) $(CFLAGS) $(OBJS) -o $@ $(LDFLAGS) $(LIBS)

# The sanitizer build used by every test.
build/asan/awards: $(ASAN_OBJS)
	$(CC) $(CFLAGS) -O1 $(SANITIZE) $(ASAN_OBJS) -o $@ $(LDFLAGS) $(LIBS)

build/asan/unit_%: tests/unit/test_%.c $(ASAN_LIB)
	$(CC) $(CFLAGS) -O1 $(SANITIZE) -MMD -MP $< $(ASAN_LIB) -o $@ \
	    $(LDFLAGS) $(LIBS) -lcmocka

UNIT_BINS = $(patsubst tests/unit/test_%.c,build/asan/unit_%,$(UNIT_SRCS))

-include $(wildcard build/obj/*.d build/asan/obj/*.d build/asan/*.d)

# Fuzzing (issue 12, item 17): one libFuzzer target per parser of bytes
# from the network or the database, fuzz/<target>.c, linked with every
# module but main.c compiled by clang for fuzzing (build/fuzz/obj) and the
# real libraries.  `make fuzz` runs them all for FUZZ_SECONDS in all, from
# a copy of the seed corpus tests/fuzz/<target>/ (fuzz/run); `make check`
# replays that corpus through each (fuzz/replay).
FUZZ_CC	 ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	   -fno-omit-frame-pointer
FUZZ_CFLAGS = -I$(PG_INCLUDE) -Icgi -Ibuild -std=c11 -D_GNU_SOURCE -O1 -g \
	   $(WARN) -Wno-format-nonliteral $(FUZZ_SAN)
FUZZ_SRCS = $(wildcard fuzz/*.c)
FUZZ_BINS = $(patsubst fuzz/%.c,build/fuzz/%,$(FUZZ_SRCS))
FUZZ_OBJS = $(patsubst build/obj/%,build/fuzz/obj/%, \
	   $(filter-out build/obj/main.o,$(OBJS)))

build/fuzz/obj/%.o: cgi/%.c build/queries.h | build/columns.stamp
	@mkdir -p build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP \
	    -c $< -o $@

build/fuzz/obj/%.o: build/%.c build/queries.h
	@mkdir -p build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP \
	    -c $< -o $@

build/fuzz/%: fuzz/%.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP $< $(FUZZ_OBJS) \
	    -o $@ $(LIBS)

.SECONDARY: $(FUZZ_OBJS)

fuzz: deps $(FUZZ_BINS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run $(FUZZ_BINS)

-include $(wildcard build/fuzz/obj/*.d build/fuzz/*.d)

deps:
	@scripts/deps

run: deps build/awards
	scripts/run

check: deps build/awards build/asan/awards $(UNIT_BINS) $(FUZZ_BINS)
	scripts/check $(UNIT_BINS) fuzz/replay

bench: deps build/awards
	scripts/bench

# The binary, the static pages, the units, the nginx site and
# /etc/awards (PREFIX /usr by default, as the units say).  The shipped
# site and settings templates are installed where they are missing only,
# never over an operator's edits; /etc/awards/fastcgi.conf follows the
# binary.  As root with no DESTDIR, also the awards system user
# (scripts/install-system; docs/operations.md).
install: build/awards
	install -D -m 0755 build/awards $(DESTDIR)$(PREFIX)/bin/awards
	install -D -m 0755 scripts/backup $(DESTDIR)$(PREFIX)/bin/awards-backup
	install -d $(DESTDIR)$(PREFIX)/share/awards/web
	cp -R web/. $(DESTDIR)$(PREFIX)/share/awards/web/
	install -D -m 0644 -t $(DESTDIR)$(PREFIX)/share/awards/nginx \
	    nginx/production.conf nginx/fastcgi.conf
	install -D -m 0644 -t $(DESTDIR)$(PREFIX)/share/awards/deploy \
	    deploy/env deploy/migrate.env deploy/secrets.conf
	install -D -m 0644 -t $(DESTDIR)$(PREFIX)/lib/systemd/system \
	    deploy/*.service deploy/*.socket $(wildcard deploy/*.timer)
	install -D -m 0644 nginx/fastcgi.conf $(DESTDIR)/etc/awards/fastcgi.conf
	scripts/install-system "$(DESTDIR)"

deps-runtime:
	@scripts/deps --runtime

# The Debian package (debian/), built from a copy of the sources in
# build/deb so that dpkg-buildpackage's files land there, then checked
# by lintian.  debian/changelog must name the version in VERSION.
# make test-deb installs it on this machine, tries it and purges it
# (scripts/test-deb; as root, for CI).
DEB_SOURCES = Makefile VERSION cgi sql scripts web nginx deploy debian
deb: deps
	@test "$$(dpkg-parsechangelog -S Version)" = "$$(cat VERSION)" || \
	    { echo "debian/changelog does not name VERSION" >&2; exit 1; }
	rm -rf build/deb
	mkdir -p build/deb/awards
	cp -R $(DEB_SOURCES) build/deb/awards/
	rm -rf build/deb/awards/web/node_modules
	cd build/deb/awards && dpkg-buildpackage -b -us -uc
	lintian --fail-on error build/deb/awards_*.changes

test-deb: deb
	scripts/test-deb build/deb/awards_$$(cat VERSION)_*.deb

clean:
	rm -rf build

.PHONY: all deps deps-runtime run check bench install clean fuzz deb \
	test-deb FORCE
