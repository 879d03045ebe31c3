"""One site in every language, from the sample corpus (English, Spanish, Japanese).

``import --language all`` writes one source tree; ``site`` builds every
language into one site, once for the module.  Before the build, the English
page of trusted-committer is edited, so its Japanese translation is possibly
outdated, and ``html_baseurl`` is set, so the alternate links are absolute.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from helpers import subprocess_env
from importing import html, run

BASE = "https://patterns.example.org/"


@pytest.fixture(scope="module")
def site(corpus, tmp_path_factory):
    base = tmp_path_factory.mktemp("site")
    book, out = base / "book", base / "out"
    code, report, err = run("import", corpus, book, "--language", "all")
    assert code == 0, err
    conf = book / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + f"html_baseurl = {BASE!r}\n",
                    encoding="utf-8")
    english = book / "patterns" / "trusted-committer.md"
    english.write_text(english.read_text(encoding="utf-8").replace(
        "## Problem", "## Problem\n\nA sentence added to the English page.", 1),
        encoding="utf-8")
    # as a user runs it (a process of its own, and each language in one too)
    done = subprocess.run([sys.executable, "-m", "sphinx_innersource", "site", "-W", book, out],
                          capture_output=True, text=True, env=subprocess_env(), check=False)
    return book, out, report, done


def test_import_writes_one_tree(site):
    book, _out, report, _done = site
    assert "== en" in report and "== ja" in report and "== es" in report
    assert "Not translated, left to the English book: 30-day-warranty" in report
    shared = (book / "conf.py").read_text(encoding="utf-8")
    assert "innersource_languages = {'en': '', 'es': 'es', 'ja': 'ja'}" in shared
    assert "language =" not in shared
    ja_conf = (book / "ja" / "conf.py").read_text(encoding="utf-8")
    assert 'exec(compile(_shared.read_text(encoding="utf-8"), _shared, "exec"))' in ja_conf
    assert "language = 'ja'" in ja_conf and "'問題'" in ja_conf
    # a translation holds its translated patterns only
    assert sorted(p.name for p in (book / "ja" / "patterns").iterdir()) == [
        "core-team.md", "trusted-committer.md"]
    assert sorted(p.name for p in (book / "es" / "patterns").iterdir()) == ["30-day-warranty.md"]
    page = (book / "ja" / "patterns" / "core-team.md").read_text(encoding="utf-8")
    assert re.match(r"---\ntranslation-of: patterns/core-team\ntranslation-digest: "
                    r"sha256:[0-9a-f]{64}\n---\n# コアチーム\n", page)
    assert (book / "translations.md").is_file() and not (book / "ja" / "translations.md").exists()


def test_site_builds_every_language(site):
    _book, out, _report, done = site
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[1/3] en:" in done.stdout and "[3/3] ja:" in done.stdout
    rows = {line.split()[0]: line.split() for line in done.stdout.splitlines()
            if re.match(r"(en|es|ja) ", line)}
    # language, folder, pages (those of its search index), warnings
    assert rows["en"][:4] == ["en", ".", "10", "0"]
    assert rows["es"][:4] == ["es", "es", "4", "0"]
    assert rows["ja"][:4] == ["ja", "ja", "5", "0"]
    assert (out / "index.html").is_file() and (out / "ja" / "index.html").is_file()
    assert html(out / "ja" / "index.html").html["lang"] == "ja"


def test_switcher_links_both_ways(site):
    out = site[1]
    english = html(out / "patterns" / "trusted-committer.html")
    links = {a["hreflang"]: a for a in english.select("nav.innersource-languages a")}
    assert links["ja"]["href"] == "../ja/patterns/trusted-committer.html"
    assert links["es"]["href"] == "../es/index.html"  # not translated: the front page
    assert "innersource-language-missing" in links["es"]["class"]
    japanese = html(out / "ja" / "patterns" / "trusted-committer.html")
    nav = japanese.select_one("nav.innersource-languages")
    assert nav["aria-label"] == "言語"  # our label, in the page's language
    back = {a["hreflang"]: a["href"] for a in nav.select("a")}
    assert back == {"en": "../../patterns/trusted-committer.html", "es": "../../es/index.html"}
    spanish = html(out / "es" / "patterns" / "30-day-warranty.html")
    there = {a["hreflang"]: a["href"] for a in spanish.select("nav.innersource-languages a")}
    assert there == {"en": "../../patterns/30-day-warranty.html", "ja": "../../ja/index.html"}
    # each link leads to a page that was built
    for page, href in [("patterns/trusted-committer.html", links["ja"]["href"]),
                       ("ja/patterns/trusted-committer.html", back["en"])]:
        assert ((out / page).parent / href).resolve().is_file()


def test_hreflang_and_canonical(site):
    out = site[1]
    for name in ("patterns/trusted-committer.html", "ja/patterns/trusted-committer.html"):
        page = html(out / name)
        alternates = {link["hreflang"]: link["href"]
                      for link in page.select('link[rel="alternate"][hreflang]')}
        assert alternates == {
            "en": f"{BASE}patterns/trusted-committer.html",
            "ja": f"{BASE}ja/patterns/trusted-committer.html",
            "x-default": f"{BASE}patterns/trusted-committer.html"}, name
        # html_baseurl is the site's address; each translation's is its folder's
        assert page.select_one('link[rel="canonical"]')["href"] == BASE + name
    # only existing translations are alternates
    modular = html(out / "patterns" / "modular-code.html")
    assert not modular.select('link[rel="alternate"][hreflang]')
    assert html(out / "ja" / "index.html").select_one('link[hreflang="x-default"]')[
        "href"] == f"{BASE}index.html"


def test_short_urls_per_language(site):
    out = site[1]
    english = (out / "p" / "trusted-committer.html").read_text(encoding="utf-8")
    assert 'content="0; url=../patterns/trusted-committer.html"' in english
    japanese = (out / "ja" / "p" / "trusted-committer.html").read_text(encoding="utf-8")
    assert 'content="0; url=../patterns/trusted-committer.html"' in japanese
    assert f'href="{BASE}ja/patterns/trusted-committer.html"' in japanese
    assert '<html lang="ja">' in japanese
    # no Japanese short URL for a pattern that is not translated
    assert (out / "p" / "modular-code.html").is_file()
    assert not (out / "ja" / "p" / "modular-code.html").exists()


def _search_index(path):
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def test_search_index_per_language(site):
    out = site[1]
    english, japanese = _search_index(out / "searchindex.js"), _search_index(
        out / "ja" / "searchindex.js")
    assert "patterns/modular-code" in english["docnames"]
    assert {d for d in japanese["docnames"] if d.startswith("patterns/")} == {
        "patterns/core-team", "patterns/trusted-committer"}
    assert "トラステッドコミッター" in japanese["titles"]
    assert not any(re.search(r"[\u3040-\u30ff]", t) for t in english["titles"])
    assert not any(re.search(r"[\u3040-\u30ff]", t) for t in _search_index(
        out / "es" / "searchindex.js")["titles"])


def test_patterns_json_per_language(site):
    out = site[1]
    data = json.loads((out / "ja" / "patterns.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in data["patterns"]] == ["core-team", "trusted-committer"]
    assert data["patterns"][1]["title"] == "トラステッドコミッター"
    assert data["patterns"][1]["page_url_absolute"] == f"{BASE}ja/patterns/trusted-committer.html"
    english = json.loads((out / "patterns.json").read_text(encoding="utf-8"))
    assert len(english["patterns"]) == 6


def test_status_page_and_report(site):
    book, out, _report, _done = site
    page = html(out / "translations.html").select_one(".innersource-translation-status")
    text = page.get_text(" ", strip=True)
    assert "日本語 (ja) 2 of 6 patterns translated, 1 possibly outdated, 4 missing" in text
    assert "Español (es) 1 of 6 patterns translated, 0 possibly outdated, 5 missing" in text
    blocks = {}
    label = None
    for element in page.find_all(["p", "ul"], recursive=False):
        if element.name == "p" and element.strong:
            label = element.get_text()
        elif element.name == "ul":
            blocks.setdefault(label, []).append(
                [a["href"] for a in element.select("a")])
    assert blocks["Possibly outdated"] == [["patterns/trusted-committer.html",
                                            "ja/patterns/trusted-committer.html"]]
    assert blocks["Translated"] == [["patterns/30-day-warranty.html",
                                     "es/patterns/30-day-warranty.html"],
                                    ["patterns/core-team.html", "ja/patterns/core-team.html"]]
    code, report, _err = run("status", book)
    assert code == 0
    assert "== ja: 2 of 6 pattern(s) translated, 1 possibly outdated, 4 missing" in report
    assert "  possibly outdated: patterns/trusted-committer\n" in report


@pytest.mark.browser
def test_switching_languages_in_a_browser(site, tmp_path_factory, artifacts):
    """English pattern page -> its Japanese page -> back, by clicking the switcher."""
    from browsertools import chromium

    out = site[1]
    driver = chromium(tmp_path_factory.mktemp("chromium-languages"))
    try:
        driver.get((out / "patterns" / "trusted-committer.html").as_uri())
        driver.find_element("css selector", "nav.innersource-languages a[hreflang=ja]").click()
        assert driver.current_url == (out / "ja" / "patterns" / "trusted-committer.html").as_uri()
        assert driver.find_element("tag name", "html").get_attribute("lang") == "ja"
        assert driver.find_element("tag name", "h1").text.startswith("トラステッドコミッター")
        driver.save_screenshot(str(artifacts / "languages-ja.png"))
        driver.find_element("css selector", "nav.innersource-languages a[hreflang=en]").click()
        assert driver.current_url == (out / "patterns" / "trusted-committer.html").as_uri()
        assert driver.find_element("tag name", "h1").text.startswith("Trusted Committer")
        driver.save_screenshot(str(artifacts / "languages-en.png"))
    finally:
        driver.quit()


def test_lint_of_translations_uses_the_english_folder(corpus):
    """The known instances of a translation are counted like those of its original."""
    for folder in ("translation/ja", "translation/es"):
        code, out, _err = run("lint", corpus / folder)
        assert code == 0 and "0 problem(s)" in out, out


def test_site_refuses_what_it_cannot_build(tmp_path):
    """No conf.py, an unusable innersource_languages, a translation without conf.py."""
    code, _out, err = run("site", tmp_path / "nothing", tmp_path / "out")
    assert code == 2 and "no such directory" in err
    book = tmp_path / "book"
    book.mkdir()
    code, _out, err = run("site", book, tmp_path / "out")
    assert code == 2 and "no conf.py" in err
    (book / "conf.py").write_text('innersource_languages = {"en": "", "ja": "../ja"}\n',
                                  encoding="utf-8")
    code, _out, err = run("site", book, tmp_path / "out")
    assert code == 2 and "['ja'] = '../ja' is refused" in err and "Fix:" in err
    (book / "conf.py").write_text('innersource_languages = {"en": "", "ja": "ja"}\n',
                                  encoding="utf-8")
    code, _out, err = run("site", book, tmp_path / "out")
    assert code == 2 and "no conf.py for the language 'ja'" in err
    code, _out, err = run("status", book)
    assert code == 0  # the folder has no pages: every English pattern is missing
    assert not (tmp_path / "out").exists()
