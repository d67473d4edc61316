"""The message catalogues (issue 24, SPEC §9): one per language in
web/i18n/, the same keys in each, the same placeholders in each
translation of a message, a plural that every language's categories can
use, and the same list of languages in the catalogues, the pages
(web/js/i18n.js) and the program (cgi/event.c).  No browser: fails fast
and names what is missing where."""

import glob
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
I18N = os.path.join(ROOT, "web", "i18n")


def catalogues():
    out = {}
    for path in sorted(glob.glob(os.path.join(I18N, "*.json"))):
        with open(path, encoding="utf-8") as f:
            out[os.path.basename(path)[:-5]] = json.load(f)
    return out


def matching(text, i):
    """The index of the brace closing the one at i."""
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    raise AssertionError("unbalanced braces: " + text)


def placeholders(text):
    """The names a message needs: {{name}} of a mail; {name}, and the
    argument of {name, plural, ...} with the names inside its branches,
    of a page."""
    names, i = set(), 0
    while i < len(text):
        if text.startswith("{{", i):
            close = text.index("}}", i)
            names.add(text[i + 2:close])
            i = close + 2
        elif text[i] == "{":
            close = matching(text, i)
            inner = text[i + 1:close]
            if "," in inner:
                name, _, rest = inner.split(",", 2)
                names.add(name.strip())
                j = 0
                while True:
                    j = rest.find("{", j)
                    if j == -1:
                        break
                    end = matching(rest, j)
                    names |= placeholders(rest[j + 1:end])
                    j = end + 1
            else:
                names.add(inner.strip())
            i = close + 1
        else:
            i += 1
    return names


def test_every_catalogue_has_every_key():
    cats = catalogues()
    assert set(cats) >= {"en", "es", "ar"}
    keys = set(cats["en"])
    for lang, cat in cats.items():
        missing = sorted(keys - set(cat))
        extra = sorted(set(cat) - keys)
        assert not missing, "%s.json lacks %s" % (lang, missing)
        assert not extra, "%s.json has keys en.json lacks: %s" % (lang,
                                                                  extra)
        for key, text in cat.items():
            assert isinstance(text, str) and text.strip(), (lang, key)


def test_same_placeholders_in_every_language():
    cats = catalogues()
    for key, text in cats["en"].items():
        want = placeholders(text)
        for lang, cat in cats.items():
            got = placeholders(cat[key])
            assert got == want, "%s.json %s: %s, en.json: %s" % (
                lang, key, sorted(got), sorted(want))


def test_plurals_have_other():
    for lang, cat in catalogues().items():
        for key, text in cat.items():
            if ", plural," in text:
                assert re.search(r"\bother \{", text), (lang, key)


def test_placeholder_reader():
    assert placeholders("{count, plural, one {# x} other {# {n} y}}") == \
        {"count", "n"}
    assert placeholders("Hello {name}, {{cycle_name}}") == \
        {"name", "cycle_name"}


def test_languages_listed_everywhere():
    langs = set(catalogues())
    with open(os.path.join(ROOT, "web", "js", "i18n.js"),
              encoding="utf-8") as f:
        js = f.read()
    block = js[js.index("const LANGUAGES = {"):]
    block = block[:block.index("};")]
    assert set(re.findall(r"^\t([a-z]{2,3}): \{", block, re.M)) == langs
    with open(os.path.join(ROOT, "cgi", "event.c"), encoding="utf-8") as f:
        c = f.read()
    line = re.search(r"languages\[\] = \{([^}]*)\}", c).group(1)
    assert set(re.findall(r'"([a-z]{2,3})"', line)) == langs


def test_pages_name_only_known_keys():
    """Every data-i18n key of the pages and every say()/t() key of their
    scripts is in the catalogues."""
    keys = set(catalogues()["en"])
    used = set()
    for path in glob.glob(os.path.join(ROOT, "web", "*.html")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        used |= set(re.findall(r'data-i18n(?:-title)?="([a-z0-9_.]+)"',
                               text))
        for pairs in re.findall(r'data-i18n-attr="([^"]+)"', text):
            used |= {p.split(":")[1] for p in pairs.split(",")}
    for path in glob.glob(os.path.join(ROOT, "web", "js", "*.js")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        used |= set(re.findall(
            r'"((?:common|site|lang|who|error|index|awardees|notfound|'
            r'confirm|login|nominate|manage|letter|form|exit|committee|'
            r'score|candidate|delib|meeting|rankings|decide|decision|'
            r'organizer|phase|outbox|templates|overview|cycle|console)'
            r'\.[a-z0-9_.]+)"',
            text))
    missing = sorted(k for k in used if k not in keys)
    assert not missing, "keys no catalogue has: %s" % missing
