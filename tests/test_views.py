"""attrib.views: the terminal tables print, and the HTML comparison page renders in a real
headless Chromium with every highlighted change visible and every claim linked."""

from __future__ import annotations

import html
import shutil

import pytest

from attrib.views import comparison_page, describe, print_comparison, print_predictions

from conftest import SEED_FILES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def seeds_comparison(shipped_model):
    a, b = (path.read_text(encoding="utf-8") for path in SEED_FILES)
    return shipped_model.compare(a, b, SEED_FILES[0].name, SEED_FILES[1].name)


def test_terminal_views_print_sentences_and_changes(capsys, shipped_model, seeds_comparison):
    print_predictions("seed", shipped_model.predict("Lee said troops could arrive in July. [Brackets] stay."))
    print_comparison(seeds_comparison)
    out = capsys.readouterr().out
    assert "[Brackets]" in out  # rich markup in article text is shown, not interpreted
    assert "attribution lost" in out and "only in A" in out


def test_html_page_is_self_contained(seeds_comparison):
    page = comparison_page(seeds_comparison)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "http://" not in page and "https://" not in page  # nothing fetched when opened
    titles = "".join(page.split('title="')[1:])
    for claim in seeds_comparison.aligned:
        for change in claim.changes:
            assert html.escape(describe(change)) in titles


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_html_page_renders_in_chromium_with_every_change_visible(tmp_path, seeds_comparison):
    sync_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "compare.html"
    path.write_text(comparison_page(seeds_comparison), encoding="utf-8")
    changes = [describe(c) for claim in seeds_comparison.aligned for c in claim.changes]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(path.as_uri())
        assert "attrib compare" in page.title()
        marks = page.locator(".cols mark.chg")
        titles = set()
        for i in range(marks.count()):
            mark = marks.nth(i)
            mark.scroll_into_view_if_needed()
            assert mark.is_visible()
            box = mark.bounding_box()
            assert box and box["width"] > 0 and box["height"] > 0
            titles.update(mark.get_attribute("title").split("\n"))
        assert set(changes) <= titles  # each change has a visible highlight
        for tag in page.locator("a.tag").all():  # every claim links to its partner
            target = tag.get_attribute("href")
            assert page.locator(target).count() == 1
        first = page.locator(".s[data-claim='1']").first
        first.hover()
        assert page.locator(".s.hl").count() >= 2  # hovering lights up the partner
        browser.close()
