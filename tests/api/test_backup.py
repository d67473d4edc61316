"""Backups (issue 26, part 4): scripts/backup (installed as
awards-backup) dumps the database as the owner role into a file of mode
0600, with the roles beside it; the dump restores into a fresh
PostgreSQL cluster, where awards migrate finds nothing to apply and
awards serve answers from the restored data."""

import os
import shutil
import stat
import subprocess
import tempfile

import psycopg2

from security_util import submit
from stack import Stack, free_port

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def test_backup_restores_into_a_fresh_cluster(api, db, stack, open_cycle,
                                              mailbox):
    nid = submit(api, open_cycle)
    out_dir = tempfile.mkdtemp(prefix="awards-backup-")
    other = None
    try:
        dump = os.path.join(out_dir, "awards.dump")
        env = dict(os.environ,
                   AWARDS_MIGRATE_DATABASE_URL=stack.owner_url)
        r = subprocess.run([os.path.join(ROOT, "scripts", "backup"), dump],
                           env=env, capture_output=True, text=True,
                           timeout=120)
        assert r.returncode == 0, r.stderr
        assert stat.S_IMODE(os.stat(dump).st_mode) == 0o600
        roles = dump + ".roles.sql"
        assert stat.S_IMODE(os.stat(roles).st_mode) == 0o600
        with open(roles) as f:
            text = f.read()
        assert "CREATE ROLE awards_app" in text
        assert "CREATE ROLE awards_owner" in text
        assert not os.path.exists(dump + ".partial")

        # A second cluster, as a new host would be: roles, an empty
        # database owned by the owner role, then the dump.
        other = Stack(tempfile.mkdtemp(prefix="awards-restore-"),
                      http_port=free_port(), binary=stack.binary,
                      smtp_url=mailbox.url, rate_limit="off", threads=4,
                      fast_pg=True, public_cache=False,
                      extra_env=stack.extra_env)
        other.start_postgres()
        subprocess.run(["psql", "-q", other.admin_url, "-f", roles],
                       capture_output=True, check=True)
        r = subprocess.run(["pg_restore", "--exit-on-error", "--dbname",
                            other.owner_url, dump], capture_output=True,
                           text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        r = subprocess.run([other.binary, "migrate"],
                           env=other.process_env(), capture_output=True,
                           text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        assert r.stdout == "nothing to apply\n"
        with psycopg2.connect(other.super_url) as conn:
            with conn.cursor() as cur:
                cur.execute("SELECT count(*) FROM nominations "
                            "WHERE id = %s", (nid,))
                assert cur.fetchone()[0] == 1
        # The application works on it, as the application role.
        other.start_serve()
        other.start_nginx()
        other_api = type(api)(other.base_url)
        r = other_api.get("/api/health")
        assert r.status_code == 200, r.text
        r = other_api.get("/api/cycles/current")
        assert r.status_code == 200
        assert r.json()["id"] == open_cycle["id"]
    finally:
        if other is not None:
            other.shutdown()
            shutil.rmtree(other.var, ignore_errors=True)
        shutil.rmtree(out_dir, ignore_errors=True)


def test_backup_needs_the_owner_url(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k != "AWARDS_MIGRATE_DATABASE_URL"}
    r = subprocess.run([os.path.join(ROOT, "scripts", "backup"),
                        str(tmp_path / "x.dump")], env=env,
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert "AWARDS_MIGRATE_DATABASE_URL is not set" in r.stderr
    assert not os.path.exists(tmp_path / "x.dump")
