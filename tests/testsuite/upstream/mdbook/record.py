#!/usr/bin/env python3
"""Records what mdBook does with each book tests/testsuite/mdbook_books.rs
builds: `mdbook build` in a copy of the book, its exit status and the HTML
pages it writes (mdBook's toc.html and assets aside). Writes expected.tsv.

The books are other projects' and are not committed: run
tests/upstream/fetch-sources.sh first, which unpacks them into
target/upstream-src/ (see ORIGIN.md). Each set is recorded with the mdBook
its books are written for:

    MDBOOK_05=/path/to/mdbook-0.5.4 MDBOOK_04=/path/to/mdbook-0.4.43 \\
        python3 tests/testsuite/upstream/mdbook/record.py

(`cargo install mdbook --version 0.5.4 --locked`, likewise 0.4.43.)
"""
import os
import pathlib
import shutil
import subprocess
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[3]
SRC = REPO / "target" / "upstream-src"
# mdBook's own pages that are not the book's: its table of contents for
# readers without JavaScript.
ASSETS = {"toc.html"}

# The real books of Rust 1.85.1 (Debian's rustc source), by folder.
REAL = [
    "src/doc/book",
    "src/doc/nomicon",
    "src/doc/rustc",
    "src/doc/rustdoc",
    "src/doc/edition-guide",
    "src/doc/style-guide",
    "src/doc/embedded-book",
    "src/doc/unstable-book",
    "src/doc/rust-by-example",
    "src/tools/cargo/src/doc",
    "src/tools/clippy/book",
]


def books():
    """(book under target/upstream-src, the folder copied with it, the
    variable naming the mdBook that records it). mdBook's test books are
    copied with the whole crate (the book reaches ../ at times); the real
    books alone."""
    for toml in sorted((SRC / "mdbook-crate/tests/testsuite").rglob("book.toml")):
        yield toml.parent.relative_to(SRC).as_posix(), SRC / "mdbook-crate", "MDBOOK_05"
    for book in REAL:
        yield f"rustc-books/{book}", SRC / "rustc-books" / book, "MDBOOK_04"


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
    versions = {}
    for var in ("MDBOOK_05", "MDBOOK_04"):
        exe = os.environ.get(var)
        if not exe:
            raise SystemExit(f"record.py: set {var} to an mdBook binary (see the docstring)")
        versions[var] = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    rows = [
        "# book (under target/upstream-src/), the mdBook that recorded it, exit status of "
        "`mdbook build`, the HTML pages it wrote (record.py)"
    ]
    for book, root, var in books():
        with tempfile.TemporaryDirectory() as tmp:
            copy = pathlib.Path(tmp) / root.name
            shutil.copytree(root, copy)
            # The copy is the repository the book lives in.
            (copy / ".git").mkdir()
            dest = copy / pathlib.Path(book).relative_to(root.relative_to(SRC))
            p = subprocess.run([os.environ[var], "build"], cwd=dest, capture_output=True, text=True)
            listed = pages(dest / "book") if p.returncode == 0 else []
            rows.append(f"{book}\t{versions[var]}\t{p.returncode}\t{' '.join(listed)}")
    (HERE / "expected.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows) - 1} books to expected.tsv")


if __name__ == "__main__":
    main()
