"""nginx limit_req on the nomination and session endpoints (SPEC §6, §7)."""

import requests

from stack import free_port


def test_nomination_endpoint_is_rate_limited(stack, open_cycle):
    port = free_port()
    saved = stack.rate_limit
    stack.rate_limit = "1r/m"
    try:
        stack.start_nginx(name="nginx-limited", port=port)
    finally:
        stack.rate_limit = saved
    try:
        base = f"http://127.0.0.1:{port}"
        statuses = [requests.post(base + "/api/nominations", json={},
                                  timeout=10).status_code
                    for _ in range(15)]
        # The burst (10) passes to the application (which finds {} invalid),
        # then nginx answers 429.
        assert statuses[0] == 422
        assert statuses[-1] == 429
        assert statuses.count(429) >= 3
        # Other endpoints are not limited.
        for _ in range(15):
            assert requests.get(base + "/api/health",
                                timeout=10).status_code == 200
    finally:
        stack.stop("nginx-limited")
