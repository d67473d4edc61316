"""The whole stack on one machine: PostgreSQL, awards serve, awards mailer,
nginx and (unless AWARDS_SMTP_URL points elsewhere) a mail server.

Used by `make run` (scripts/run) and by the test harness (tests/conftest.py),
so the stack that the tests exercise is the one a newcomer runs.

Everything lives under one directory (var_dir):
  pg/        PostgreSQL cluster; its unix socket is in there too (no TCP)
  run/       awards.sock (FastCGI; awards-N.sock for serve N > 1), nginx.pid
  log/       serve.log, mailer.log (serveN.log, mailerN.log), nginx-*.log
  mail/      mails kept by the local sink, one .eml file each
  env        the AWARDS_* settings of the running stack
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG_BIN = "/usr/lib/postgresql/15/bin"
IS_ROOT = os.geteuid() == 0

# AWARDS_RATE_LIMIT's default: nginx's rate per client address in each
# zone of the anonymous public routes (SPEC §7, nginx/awards.conf.in).
DEFAULT_RATE_LIMIT = "10r/m"
# What each zone lets one address send at once before its rate applies:
# one request for each colleague of an office of thirty (SPEC §7).
RATE_BURST = 30


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(argv):
    """PostgreSQL refuses to run as root: run its tools as `postgres`."""
    return ["runuser", "-u", "postgres", "--"] + argv if IS_ROOT else argv


def wait_for(check, what, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise RuntimeError(f"timed out waiting for {what}")


class Stack:
    def __init__(self, var_dir, http_port=8080, binary=None,
                 smtp_url=None, rate_limit=DEFAULT_RATE_LIMIT, threads=48,
                 fast_pg=False, extra_env=None, serves=1, mailers=1,
                 tcp_serve=False, public_cache=True, pg_settings=()):
        """serves processes of awards serve behind one nginx upstream, each
        on its own socket (with tcp_serve, the last one on TCP, as a
        second host would be), and mailers processes of awards mailer."""
        self.var = os.path.abspath(var_dir)
        self.http_port = int(http_port)
        self.binary = binary or os.path.join(ROOT, "build", "awards")
        self.smtp_url = smtp_url
        self.rate_limit = rate_limit
        self.threads = threads
        self.fast_pg = fast_pg
        self.extra_env = extra_env or {}
        self.serves = serves
        self.mailers = mailers
        self.tcp_port = free_port() if tcp_serve else None
        self.public_cache = public_cache
        self.pg_settings = pg_settings
        self.pgdata = os.path.join(self.var, "pg")
        self.procs = {}
        self.logs = {}
        self.base_url = f"http://127.0.0.1:{self.http_port}"
        # Roles (SPEC §7): awards serve and awards mailer connect as the
        # application role, migrations run as the owner role, and the
        # superuser only sets the cluster up (and lets the tests poke).
        self.database_url = (f"host={self.pgdata} dbname=awards "
                             "user=awards_app connect_timeout=5")
        self.owner_url = (f"host={self.pgdata} dbname=awards "
                          "user=awards_owner connect_timeout=5")
        # The superuser's connections set up the cluster and serve the
        # tests: on a loaded machine a backend can take seconds to start.
        self.super_url = (f"host={self.pgdata} dbname=awards "
                          "user=postgres connect_timeout=30")
        self.admin_url = (f"host={self.pgdata} dbname=postgres "
                          "user=postgres connect_timeout=30")

    # -- environment ------------------------------------------------------

    def env(self):
        """The AWARDS_* settings every process of the stack shares."""
        e = {
            "AWARDS_DATABASE_URL": self.database_url,
            "AWARDS_MIGRATE_DATABASE_URL": self.owner_url,
            "AWARDS_SOCKET": os.path.join(self.var, "run", "awards.sock"),
            "AWARDS_THREADS": str(self.threads),
            "AWARDS_BASE_URL": self.base_url,
            "AWARDS_SMTP_URL": self.smtp_url or "",
            "AWARDS_SMTP_STARTTLS": "off",
            "AWARDS_MAIL_FROM": "awards@localhost",
            "AWARDS_HTTP_PORT": str(self.http_port),
            "AWARDS_VAR_DIR": self.var,
            "AWARDS_RATE_LIMIT": self.rate_limit,
        }
        e.update(self.extra_env)
        return e

    def process_env(self):
        e = dict(os.environ)
        e.update(self.env())
        return e

    def write_env_file(self):
        path = os.path.join(self.var, "env")
        with open(path, "w") as f:
            for k, v in self.env().items():
                f.write(f"export {k}='{v}'\n")

    # -- PostgreSQL -------------------------------------------------------

    def start_postgres(self):
        for d in ("run", "log", "mail", "nginx"):
            os.makedirs(os.path.join(self.var, d), exist_ok=True)
        if IS_ROOT:
            # The postgres user must reach its cluster under var/.
            os.chmod(self.var, 0o755)
        fresh = not os.path.exists(os.path.join(self.pgdata, "PG_VERSION"))
        if fresh:
            os.makedirs(self.pgdata, exist_ok=True)
            if IS_ROOT:
                shutil.chown(self.pgdata, "postgres", "postgres")
            subprocess.run(as_postgres([
                f"{PG_BIN}/initdb", "-D", self.pgdata, "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
                check=True, stdout=subprocess.DEVNULL)
        # Terse errors: a DETAIL quotes the row ("Key (email)=(...)").
        opts = (f"-c listen_addresses='' -c unix_socket_directories="
                f"'{self.pgdata}' -c max_connections=300 "
                "-c log_error_verbosity=terse")
        if self.fast_pg:
            opts += " -c fsync=off -c synchronous_commit=off"
        for setting in self.pg_settings:
            opts += f" -c {setting}"
        subprocess.run(as_postgres([
            f"{PG_BIN}/pg_ctl", "-D", self.pgdata, "-w", "-s",
            "-l", os.path.join(self.pgdata, "server.log"),
            "-o", opts, "start"]), check=True)
        self.pg_running = True
        self.psql_admin(ROLES_SQL)
        if fresh or not self._database_exists():
            self.psql_admin("CREATE DATABASE awards OWNER awards_owner")
        else:
            # A var/ made before the roles existed: hand its objects over.
            subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1",
                            self.super_url, "-c", OWNER_SQL],
                           check=True, stdout=subprocess.DEVNULL)

    def _database_exists(self):
        out = subprocess.run(
            ["psql", self.admin_url, "-tAc",
             "SELECT 1 FROM pg_database WHERE datname = 'awards'"],
            capture_output=True, text=True, check=True).stdout
        return out.strip() == "1"

    def psql_admin(self, sql):
        subprocess.run(["psql", "-q", self.admin_url, "-c", sql],
                       check=True, stdout=subprocess.DEVNULL)

    def psql(self, sql):
        """Runs sql in the awards database as the superuser; returns its
        unaligned rows."""
        return subprocess.run(
            ["psql", "-v", "ON_ERROR_STOP=1", "-tAq", self.super_url,
             "-c", sql], capture_output=True, text=True,
            check=True).stdout

    def stop_postgres(self):
        subprocess.run(as_postgres([
            f"{PG_BIN}/pg_ctl", "-D", self.pgdata, "-w", "-s", "-m", "fast",
            "stop"]), check=False)

    def migrate(self):
        subprocess.run([self.binary, "migrate"], env=self.process_env(),
                       check=True, stdout=subprocess.DEVNULL)

    # -- processes --------------------------------------------------------

    def spawn(self, name, argv, env=None):
        log = open(os.path.join(self.var, "log", f"{name}.log"), "ab")
        self.logs[name] = log
        self.procs[name] = subprocess.Popen(
            argv, env=env or self.process_env(), stdout=log, stderr=log,
            stdin=subprocess.DEVNULL)
        return self.procs[name]

    def stop(self, name, sig=signal.SIGTERM, timeout=10):
        p = self.procs.pop(name, None)
        if p is None:
            return None
        if p.poll() is None:
            p.send_signal(sig)
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.logs.pop(name).close()
        return p.returncode

    def start_smtp_sink(self):
        port = free_port()
        self.smtp_url = f"smtp://127.0.0.1:{port}"
        self.spawn("smtp-sink", [
            "/usr/bin/python3", os.path.join(ROOT, "scripts", "smtp-sink.py"),
            "--port", str(port), "--dir", os.path.join(self.var, "mail")])
        wait_for(lambda: _connects(("127.0.0.1", port)), "the SMTP sink")

    def serve_names(self):
        return ["serve"] + [f"serve{i}" for i in range(2, self.serves + 1)]

    def serve_socket(self, name="serve"):
        """The FastCGI address of serve process name: a unix socket path,
        or 127.0.0.1:port for the TCP one."""
        if name == "serve":
            return self.env()["AWARDS_SOCKET"]
        if self.tcp_port and name == self.serve_names()[-1]:
            return f"127.0.0.1:{self.tcp_port}"
        return os.path.join(self.var, "run", f"awards-{name[5:]}.sock")

    def start_serve(self, name="serve"):
        if IS_ROOT:
            # A unix socket takes this directory's group (mode 0660): only
            # awards serve and nginx's workers (nobody:nogroup) reach it.
            run = os.path.join(self.var, "run")
            shutil.chown(run, group="nogroup")
            os.chmod(run, 0o750)
        env = self.process_env()
        address = self.serve_socket(name)
        env["AWARDS_SOCKET"] = address
        if ":" in address:
            # libfcgi's allow-list of the web servers that may connect.
            env["FCGI_WEB_SERVER_ADDRS"] = "127.0.0.1"
            target = ("127.0.0.1", int(address.rsplit(":", 1)[1]))
        else:
            target = address
        self.spawn(name, [self.binary, "serve"], env=env)
        wait_for(lambda: _connects(target), name)

    def start_mailer(self, name="mailer"):
        self.spawn(name, [self.binary, "mailer"])

    def nginx_config(self, name="nginx"):
        with open(os.path.join(ROOT, "nginx", "awards.conf.in")) as f:
            conf = f.read()
        if self.rate_limit == "off":
            zone = nominating = session = ""
        else:
            # Both zones at AWARDS_RATE_LIMIT: one knob, and one
            # Retry-After for nginx's 429 whichever zone answered.
            zone = "\n\t".join(
                f"limit_req_zone $limit_key zone={z}:10m "
                f"rate={self.rate_limit};" for z in ("nominating", "session")
            ) + "\n\tlimit_req_status 429;"
            nominating, session = (
                f"limit_req zone={z} burst={RATE_BURST} nodelay;"
                for z in ("nominating", "session"))
        for key, value in {
            # Workers never run as root (the master opens the logs and
            # the port); they reach the socket through its group.
            "@USER@": "user nobody nogroup;" if IS_ROOT else "",
            "@RETRY_AFTER@": str(retry_after(self.rate_limit)),
            "@NAME@": name,
            "@VAR@": self.var,
            "@PORT@": str(self.http_port),
            "@WEB@": os.path.join(ROOT, "web"),
            "@UPSTREAM@": "\n\t\t".join(
                "server " + (a if ":" in a else "unix:" + a) + ";"
                for a in map(self.serve_socket, self.serve_names())),
            "@FASTCGI@": os.path.join(ROOT, "nginx", "fastcgi.conf"),
            "@LIMIT_ZONE@": zone,
            "@LIMIT_NOMINATING@": nominating,
            "@LIMIT_SESSION@": session,
            "@CURRENT_CACHE@": "fastcgi_param HTTP_COOKIE \"\";\n\t\t\t" +
            public_cache("200 404") if self.public_cache else "",
            "@AWARDEES_CACHE@": public_cache("200") if self.public_cache
            else "",
        }.items():
            conf = conf.replace(key, value)
        path = os.path.join(self.var, f"{name}.conf")
        with open(path, "w") as f:
            f.write(conf)
        return path

    def start_nginx(self, name="nginx", port=None):
        """Starts nginx in front of awards serve; another name and port
        give a second one (with this stack's current rate limit)."""
        port = port or self.http_port
        saved, self.http_port = self.http_port, port
        conf = self.nginx_config(name)
        self.http_port = saved
        if IS_ROOT:
            # Unprivileged workers write request bodies here.
            tmp = os.path.join(self.var, "nginx")
            for d, _, _ in os.walk(tmp):
                shutil.chown(d, "nobody", "nogroup")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.spawn(name, [nginx, "-e", os.path.join(
            self.var, "log", f"{name}-error.log"), "-p", self.var, "-c", conf])
        wait_for(lambda: _connects(("127.0.0.1", port)), name)

    def start_pgbouncer(self, pool_size, mode="session", name="pgbouncer"):
        """Starts Debian's pgbouncer on a free TCP port in front of this
        cluster, as the postgres user when we are root (it refuses to run
        as root), with pool_size server connections per database and
        user; returns the conninfo of the application role through it."""
        port = free_port()
        home = os.path.join(self.var, name)
        os.makedirs(home, exist_ok=True)
        users = os.path.join(home, "userlist.txt")
        with open(users, "w") as f:
            # Trusted on 127.0.0.1, as the cluster trusts its socket.
            f.write('"awards_app" ""\n"awards_owner" ""\n')
        ini = os.path.join(home, "pgbouncer.ini")
        with open(ini, "w") as f:
            f.write(f"""[databases]
awards = host={self.pgdata} dbname=awards pool_mode={mode} \
pool_size={pool_size}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {users}
logfile = {os.path.join(home, "pgbouncer.log")}
pidfile = {os.path.join(home, "pgbouncer.pid")}
max_client_conn = 500
""")
        if IS_ROOT:
            for d, _, files in os.walk(home):
                shutil.chown(d, "postgres", "postgres")
                for x in files:
                    shutil.chown(os.path.join(d, x), "postgres", "postgres")
        pgbouncer = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        # Quiet: its log (in home, not log/) names role@address pairs,
        # which the tests' search for leaked addresses would find.
        self.spawn(name, as_postgres([pgbouncer, "-q", ini]))
        wait_for(lambda: _connects(("127.0.0.1", port)), name)
        return (f"host=127.0.0.1 port={port} dbname=awards "
                "user=awards_app connect_timeout=5")

    # -- whole stack ------------------------------------------------------

    def start(self, sink=True, mailer=True):
        self.start_postgres()
        self.migrate()
        if self.smtp_url is None and sink:
            self.start_smtp_sink()
        for name in self.serve_names():
            self.start_serve(name)
        if mailer:
            self.start_mailer()
            for i in range(2, self.mailers + 1):
                self.start_mailer(f"mailer{i}")
        self.start_nginx()
        self.write_env_file()

    def shutdown(self):
        for name in list(self.procs)[::-1]:
            self.stop(name)
        if getattr(self, "pg_running", False):
            self.stop_postgres()
            self.pg_running = False


def public_cache(valid):
    """nginx's directives caching a public route's answers (statuses
    valid) for a second in the zone awardees, one request at a time to
    awards serve however many wait."""
    return "\n\t\t\t".join((
        "fastcgi_cache awardees;",
        "fastcgi_cache_key $request_method$uri;",
        "fastcgi_cache_methods GET HEAD;",
        f"fastcgi_cache_valid {valid} 1s;",
        "fastcgi_cache_lock on;",
        "fastcgi_cache_use_stale updating error timeout;",
        "fastcgi_ignore_headers Cache-Control Expires Set-Cookie;"))


def retry_after(rate):
    """Seconds until limit_req lets one more request through at rate
    ("10r/m", "5r/s"): the Retry-After of nginx's own 429."""
    if rate == "off":
        return 1
    n, unit = rate[:-3], rate[-1]
    return max(1, -(-(60 if unit == "m" else 1) // max(1, int(n))))


# The two roles of SPEC §7, made once per cluster (the local socket
# trusts them; a production server gives each a password or peer map).
ROLES_SQL = """
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'awards_owner')
    THEN CREATE ROLE awards_owner LOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'awards_app')
    THEN CREATE ROLE awards_app LOGIN; END IF;
END $$;
"""

# The database and everything in its public schema belong to the owner
# role (for a database made before the roles existed; idempotent).
OWNER_SQL = """
ALTER DATABASE awards OWNER TO awards_owner;
DO $$ DECLARE r record; BEGIN
    FOR r IN SELECT c.relname, c.relkind FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p')
        AND pg_get_userbyid(c.relowner) <> 'awards_owner'
    LOOP
        EXECUTE format('ALTER TABLE %I OWNER TO awards_owner', r.relname);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public'
        AND pg_get_userbyid(p.proowner) <> 'awards_owner'
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO awards_owner', r.f);
    END LOOP;
END $$;
"""


def _connects(address):
    family = socket.AF_UNIX if isinstance(address, str) else socket.AF_INET
    with socket.socket(family) as s:
        try:
            s.connect(address)
            return True
        except OSError:
            return False


ADDRESS = re.compile(rb"[A-Za-z0-9._%+!-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
TOKEN = re.compile(rb"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")


def log_leaks(var):
    """Lines of the logs under var/log holding a mail address, or something
    shaped like a token or a session id (SPEC §7: none in any log line):
    a list of (file name, line)."""
    found = []
    logdir = os.path.join(var, "log")
    if not os.path.isdir(logdir):
        return found
    for name in sorted(os.listdir(logdir)):
        with open(os.path.join(logdir, name), "rb") as f:
            for line in f:
                if ADDRESS.search(line) or TOKEN.search(line):
                    found.append((name, line.decode("utf-8", "replace")))
    return found
