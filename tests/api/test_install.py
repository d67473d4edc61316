"""Install basics (issue 26, part 3): make install stages everything a
Debian 12 server needs, the shipped nginx site starts on Debian's nginx
with what make install and Debian's packages put in place, the settings
template documents every variable, and a server's runtime packages
cover what the binary links."""

import os
import re
import stat
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    dest = tmp_path_factory.mktemp("destdir")
    r = subprocess.run(["make", "-s", "install", f"DESTDIR={dest}"],
                       cwd=ROOT, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    return dest


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_install_stages_everything(staged):
    for path, want in (
            ("usr/bin/awards", 0o755),
            ("usr/bin/awards-backup", 0o755),
            ("etc/awards/env", 0o640),
            ("etc/awards/migrate.env", 0o600),
            ("etc/awards/fastcgi.conf", 0o644),
            ("etc/nginx/sites-available/awards", 0o644),
            ("usr/lib/systemd/system/awards.service", 0o644),
            ("usr/lib/systemd/system/awards.socket", 0o644),
            ("usr/lib/systemd/system/awards-migrate.service", 0o644),
            ("usr/lib/systemd/system/awards-mailer.service", 0o644),
            ("usr/share/awards/web/index.html", 0o644)):
        assert os.path.exists(staged / path), path
        assert mode(staged / path) == want, path


def test_install_keeps_the_operators_settings(staged):
    env = staged / "etc/awards/env"
    env.write_text("AWARDS_BASE_URL=https://mine.example.org\n")
    r = subprocess.run(["make", "-s", "install", f"DESTDIR={staged}"],
                       cwd=ROOT, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    assert env.read_text() == "AWARDS_BASE_URL=https://mine.example.org\n"
    assert "kept /etc/awards/env" in r.stdout


def test_production_site_starts_on_debian_nginx(staged, tmp_path):
    site = (staged / "etc/nginx/sites-available/awards").read_text()
    directives = re.sub(r"#.*", "", site)
    paths = set(re.findall(r"(?<![\w$])(/(?:etc|var|usr|run)/[\w./-]+)",
                           directives))
    # Every path the site names is made by make install, by Debian's
    # nginx package (the cache's parent, the logs), or is the
    # certificate the operator provides.
    for p in paths:
        if p.startswith("/etc/ssl/awards/") or p.startswith("/run/awards/"):
            continue
        if p.startswith("/etc/awards/") or p.startswith("/usr/share/awards"):
            assert os.path.exists(str(staged) + p), p
            continue
        parent = os.path.dirname(p)
        owner = subprocess.run(["dpkg", "-S", parent], capture_output=True,
                               text=True)
        assert owner.returncode == 0 and owner.stdout.startswith(
            "nginx-common:"), f"{p}: {parent} is no package's"
    # nginx -t on the site, as Debian's nginx.conf includes it (inside
    # http), with the staged files and a self-signed certificate.
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                    "-nodes", "-subj", "/CN=awards.example.org",
                    "-keyout", str(tmp_path / "privkey.pem"),
                    "-out", str(tmp_path / "fullchain.pem"), "-days", "1"],
                   check=True, capture_output=True)
    site = site.replace("/etc/ssl/awards/", f"{tmp_path}/")
    site = site.replace("/etc/awards/", f"{staged}/etc/awards/")
    site = site.replace("/var/lib/nginx/awards", f"{tmp_path}/cache")
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events {}\nhttp {\n"
        f"\taccess_log {tmp_path}/access.log;\n"
        f"\tinclude {tmp_path}/site.conf;\n}}\n")
    r = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c",
                        str(tmp_path / "nginx.conf")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


def variables_read_by_the_code():
    names = set()
    for f in os.listdir(os.path.join(ROOT, "cgi")):
        if f.endswith(".c"):
            with open(os.path.join(ROOT, "cgi", f)) as src:
                names |= set(re.findall(r'"(AWARDS_[A-Z_]+|FCGI_[A-Z_]+)"',
                                        src.read()))
    return names


def test_env_template_documents_every_variable():
    with open(os.path.join(ROOT, "deploy", "env")) as f:
        env = f.read()
    with open(os.path.join(ROOT, "deploy", "migrate.env")) as f:
        migrate = f.read()
    documented = set(re.findall(r"^#?([A-Z_]+)=", env + migrate, re.M))
    missing = variables_read_by_the_code() - documented
    assert not missing, missing
    # The owner's URL only in migrate.env.
    assert not re.search(r"^#?AWARDS_MIGRATE_DATABASE_URL=", env, re.M)
    # The units read it as systemd does, never through a shell.
    for f in os.listdir(os.path.join(ROOT, "deploy")):
        if f.endswith(".service"):
            with open(os.path.join(ROOT, "deploy", f)) as src:
                unit = src.read()
            assert "EnvironmentFile=/etc/awards/env" in unit, f
            assert not re.search(r"^Exec\w*=.*\bsh\b", unit, re.M), f


def test_runtime_packages_cover_what_the_binary_links():
    with open(os.path.join(ROOT, "scripts", "deps")) as f:
        text = f.read()
    runtime = set(re.search(r'RUNTIME="([^"]*)"', text).group(1).split())
    needed = subprocess.run(
        ["objdump", "-p", os.path.join(ROOT, "build", "awards")],
        capture_output=True, text=True, check=True).stdout
    where = dict(re.findall(r"^\s*(\S+) => (\S+)", subprocess.run(
        ["ldd", os.path.join(ROOT, "build", "awards")], capture_output=True,
        text=True, check=True).stdout, re.M))
    for lib in re.findall(r"NEEDED\s+(\S+)", needed):
        # Merged /usr: dpkg knows a file under one of its two names.
        path = where[lib].removeprefix("/usr")
        owner = subprocess.run(["dpkg", "-S", path, "/usr" + path],
                               capture_output=True,
                               text=True).stdout.split(":")[0]
        assert owner in runtime | {"libc6"}, f"{lib} comes from {owner}"
