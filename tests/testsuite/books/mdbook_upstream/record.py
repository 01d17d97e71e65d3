#!/usr/bin/env python3
"""Records what mdBook does with each book here: `mdbook build` in a copy of
the book, its exit status and the HTML pages it writes. Writes expected.tsv,
which tests/testsuite/mdbook_books.rs compares netplate with.

Run with mdBook 0.5.4 on PATH (`cargo install mdbook --version 0.5.4
--locked`): `python3 record.py`.
"""
import pathlib
import shutil
import subprocess
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
# mdBook's own pages that are not the book's: its table of contents for
# readers without JavaScript.
ASSETS = {"toc.html"}


def books():
    for toml in sorted(HERE.rglob("book.toml")):
        yield toml.parent.relative_to(HERE).as_posix()


def pages(out):
    # With more than one renderer, mdBook writes the HTML to book/html/.
    html = out / "html" if (out / "html").is_dir() else out
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if p.relative_to(html).as_posix() not in ASSETS
        and not p.relative_to(html).as_posix().startswith(("FontAwesome/", "fonts/"))
    )


def main():
    version = subprocess.run(["mdbook", "--version"], capture_output=True, text=True).stdout.strip()
    rows = [f"# {version}: book, exit status of `mdbook build`, the HTML pages it wrote (record.py)"]
    for book in books():
        with tempfile.TemporaryDirectory() as tmp:
            # The whole folder, as mdBook's repository: the guide includes
            # ../../../examples/.
            copy = pathlib.Path(tmp) / "mdBook"
            shutil.copytree(HERE, copy)
            (copy / ".git").mkdir()
            dest = copy / book
            p = subprocess.run(["mdbook", "build"], cwd=dest, capture_output=True, text=True)
            listed = pages(dest / "book") if p.returncode == 0 else []
            rows.append(f"{book}\t{p.returncode}\t{' '.join(listed)}")
    (HERE / "expected.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows) - 1} books to expected.tsv")


if __name__ == "__main__":
    main()
