"""Browser tests: each runs a node script (playwright-core driving Debian's
chromium) against the stack of tests/conftest.py."""

import os
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SHOTS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "build",
                     "screenshots")


@pytest.fixture
def browser(stack):
    """Runs tests/web/NAME.mjs with arguments; fails with its output."""
    os.makedirs(SHOTS, exist_ok=True)

    def run(script, *args, timeout=90):
        p = subprocess.run(
            ["node", os.path.join(HERE, script), stack.base_url, *args,
             SHOTS], capture_output=True, text=True, timeout=timeout,
            cwd=HERE)
        assert p.returncode == 0, p.stdout + p.stderr
        return p.stdout
    return run
