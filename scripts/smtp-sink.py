"""A local SMTP server for `make run` that keeps every mail it receives as a
file, DIR/NNNNNN.eml, so the whole flow can be followed on one machine.
Built on Debian's python3-aiosmtpd."""

import argparse
import itertools
import os
import signal
import threading

from aiosmtpd.controller import Controller


class Keeper:
    def __init__(self, directory):
        self.directory = directory
        existing = [int(n[:-4]) for n in os.listdir(directory)
                    if n.endswith(".eml") and n[:-4].isdigit()]
        self.counter = itertools.count(max(existing, default=0) + 1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            n = next(self.counter)
        path = os.path.join(self.directory, f"{n:06d}.eml")
        with open(path + ".tmp", "wb") as f:
            f.write(b"X-Envelope-To: " +
                    ", ".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        return "250 kept"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(Keeper(args.dir), hostname="127.0.0.1",
                            port=args.port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
