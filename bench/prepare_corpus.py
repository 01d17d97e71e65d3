#!/usr/bin/env python3
"""Makes the shared benchmark corpus (bench/gen_corpus.py, written for
netplate and its peers) a book netplate builds: declares the placeholder
slots the corpus uses (xxx, yyy, zzz) and replaces its `PREFIX=24`, which is
right for /24 readers only (netplate's validation rejects it), by a netmask
that follows the reader's subnet; its sentence on CIDR notation ("/24 means
255.255.255.0") is a fact, not the reader's values, and is marked as such
(`<!-- netplate: literal -->`), or `netplate check` warns about its literals.
Usage: prepare_corpus.py BOOK_DIR"""

import pathlib
import sys

book = pathlib.Path(sys.argv[1])
toml = book / "book.toml"
text = toml.read_text(encoding="utf-8")
if "[placeholders]" not in text:
    text += """
[placeholders]
template = "192.168.?.0/24"
subnet = "192.168.10.0/24"

[placeholders.slot.xxx]
param = "vm"
default = 100

[placeholders.slot.yyy]
param = "peer"
default = 101

[placeholders.slot.zzz]
param = "spare"
default = 102
"""
    toml.write_text(text, encoding="utf-8")
for md in (book / "content").rglob("*.md"):
    src = md.read_text(encoding="utf-8")
    fixed = src.replace("\nPREFIX=24\n", "\nNETMASK=255.255.255.0\n")
    for sentence in ("例如 /24 表示 255.255.255.0。", "where /24 means 255.255.255.0."):
        fixed = fixed.replace(sentence + "\n", sentence + " <!-- netplate: literal -->\n")
    if fixed != src:
        md.write_text(fixed, encoding="utf-8")
