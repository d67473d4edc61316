# Awards: build, run and test.  See README.md.

CC	?= cc
WARN	 = -Wall -Wextra -Werror -Wvla -Wshadow -Wformat=2
HARDEN	 = -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
CFLAGS	+= -I/usr/include/postgresql -std=c11 -D_GNU_SOURCE -O2 -g $(WARN) $(HARDEN)
LDFLAGS	+= -pie -Wl,-z,relro,-z,now
LIBS	 = -lfcgi -lpq -ljansson -lcurl -lsodium -lpthread -lm
SANITIZE = -fsanitize=address,undefined -fno-omit-frame-pointer

SRCS	 = $(wildcard cgi/*.c)
HDRS	 = $(wildcard cgi/*.h)
MIGRATIONS = $(sort $(wildcard sql/*.sql))
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
# Every module but main.c, so unit tests can link what they test.
LIB_SRCS = $(filter-out cgi/main.c,$(SRCS))

all: build/awards

build/migrations.c: $(MIGRATIONS) scripts/embed-sql
	@mkdir -p build
	scripts/embed-sql $(MIGRATIONS) > $@

build/awards: $(SRCS) $(HDRS) build/migrations.c
	$(CC) $(CFLAGS) -Icgi $(SRCS) build/migrations.c -o $@ $(LDFLAGS) $(LIBS)

# The sanitizer build used by every test.
build/asan/awards: $(SRCS) $(HDRS) build/migrations.c
	@mkdir -p build/asan
	$(CC) $(CFLAGS) -O1 $(SANITIZE) -Icgi $(SRCS) build/migrations.c -o $@ \
	    $(LDFLAGS) $(LIBS)

build/asan/unit_%: tests/unit/test_%.c $(LIB_SRCS) $(HDRS) build/migrations.c
	@mkdir -p build/asan
	$(CC) $(CFLAGS) -O1 $(SANITIZE) -Icgi $< $(LIB_SRCS) build/migrations.c \
	    -o $@ $(LDFLAGS) $(LIBS) -lcmocka

UNIT_BINS = $(patsubst tests/unit/test_%.c,build/asan/unit_%,$(UNIT_SRCS))

deps:
	@scripts/deps

run: deps build/awards
	scripts/run

check: deps build/awards build/asan/awards $(UNIT_BINS)
	scripts/check $(UNIT_BINS)

bench: deps build/awards
	scripts/bench

clean:
	rm -rf build

.PHONY: all deps run check bench clean
