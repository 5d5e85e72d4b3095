"""attrib.reading: every bad input is one clear InputError."""

from __future__ import annotations

import pytest

from attrib.reading import InputError, expand, read_document


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("Caf\u00e9 news.".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document(str(path))


def test_missing_and_oversized(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(str(tmp_path / "nope.txt"))
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 300_000)
    with pytest.raises(InputError, match="over the 1 MB limit"):
        read_document(str(big), max_megabytes=1)


def test_html_goes_through_main_text_extraction(tmp_path):
    page = tmp_path / "page.html"
    body = " ".join(f"<p>The council said on Monday that road number {i} would reopen after repairs were finished.</p>" for i in range(6))
    page.write_text(f"<html><head><title>t</title></head><body><nav>Home | News</nav><article>{body}</article></body></html>", encoding="utf-8")
    text = read_document(str(page)).text
    assert "road number 3 would reopen" in text and "<p>" not in text


def test_directories_expand_to_article_files(tmp_path):
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>B</p>", encoding="utf-8")
    (tmp_path / "c.bin").write_bytes(b"\x00")
    assert [p.rsplit("/", 1)[-1] for p in expand([str(tmp_path)])] == ["a.txt", "b.html"]
