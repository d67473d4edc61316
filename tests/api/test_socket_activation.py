"""Restarting `awards serve` under socket activation (deploy/awards.socket):
the listening socket is systemd's, handed over as fd 3, and outlives every
process.  Here the test plays systemd: it holds the socket and starts serve
with LISTEN_FDS=1 and LISTEN_PID, then restarts it again and again while
requests go through nginx.  Before the fix, the first SIGTERM shut the
shared socket down, and every request after it got 502 for good.  SIGHUP,
an operator's habit, must leave serve and the mailer running."""

import os
import shutil
import signal
import socket
import subprocess
import threading

from harness import wait_until


def start_activated(stack, sock):
    """awards serve with sock as its fd 3, as systemd starts it."""
    log = open(os.path.join(stack.var, "log", "serve.log"), "ab")
    env = stack.process_env()
    proc = subprocess.Popen(
        ["/bin/sh", "-c",
         f"LISTEN_PID=$$ LISTEN_FDS=1 exec {stack.binary} serve"],
        env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
        close_fds=False,
        preexec_fn=lambda: os.dup2(sock.fileno(), 3))
    stack.procs["serve"], stack.logs["serve"] = proc, log
    return proc


def test_restarts_under_socket_activation_lose_nothing(stack, api):
    path = stack.serve_socket("serve")
    stack.stop("serve")     # which removes its own socket
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(path)
    if os.geteuid() == 0:
        shutil.chown(path, group="nogroup")
    os.chmod(path, 0o660)
    sock.listen(1024)
    statuses, stop = [], threading.Event()

    def load():
        while not stop.is_set():
            statuses.append(api.get("/api/health").status_code)

    try:
        start_activated(stack, sock)
        wait_until(lambda: api.get("/api/health").status_code == 200,
                   "the activated serve")
        worker = threading.Thread(target=load)
        worker.start()
        for _ in range(3):
            wait_until(lambda n=len(statuses): len(statuses) > n + 20,
                       "requests through the running serve")
            assert stack.stop("serve") == 0
            start_activated(stack, sock)
        wait_until(lambda n=len(statuses): len(statuses) > n + 20,
                   "requests after the last restart")
        stop.set()
        worker.join()
        assert set(statuses) == {200}, \
            {s: statuses.count(s) for s in set(statuses)}

        # SIGHUP: logged, ignored, still answering.
        stack.procs["serve"].send_signal(signal.SIGHUP)
        stack.procs["mailer"].send_signal(signal.SIGHUP)
        wait_until(lambda: b"SIGHUP ignored" in open(os.path.join(
            stack.var, "log", "serve.log"), "rb").read(), "serve's log")
        assert api.get("/api/health").status_code == 200
        assert stack.procs["serve"].poll() is None
        assert stack.procs["mailer"].poll() is None
    finally:
        stop.set()
        stack.stop("serve")
        sock.close()
        if os.path.exists(path):
            os.unlink(path)
        stack.start_serve()
