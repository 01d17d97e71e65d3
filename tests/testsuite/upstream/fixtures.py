"""What every extract.py of these folders shares: its command line and the
expected.tsv it writes. Not a script of its own."""

import os
import sys


def args(usage):
    """SRC OUT ORIGIN from the command line, or exit with `usage`."""
    if len(sys.argv) != 4:
        sys.exit(usage)
    return sys.argv[1:]


def read(src, path):
    """The bytes of `path` in the source tree `src`."""
    with open(os.path.join(src, path), "rb") as f:
        return f.read()


def write_expected(out, header, rows):
    """Writes OUT/expected.tsv: `header` (comment lines, each ending in a
    newline), then one `file<TAB>verdict<TAB>why` line per row; says how
    many files and how many are expected to fail."""
    with open(os.path.join(out, "expected.tsv"), "w") as f:
        f.write(header)
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"{len(rows)} files, {sum(v == 'reject' for _, v, _ in rows)} expected to fail")
