"""The landing page, in Chromium."""


def test_landing_shows_open_cycle(browser, open_cycle):
    browser("landing.mjs", "open")


def test_landing_says_closed(browser, stack):
    browser("landing.mjs", "closed")
