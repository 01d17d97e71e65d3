#!/usr/bin/env python3
"""A preprocessor speaking mdBook's protocol, for netplate's tests.

`pre.py MODE [--no-html] [--record FILE] [--tag TAG]`:
`supports RENDERER` exits 0 for html (1 with --no-html); otherwise reads
`[context, book]` from stdin and writes the book, by MODE:
shout: `:shout:` becomes SHOUTED; tag: appends `[TAG]` to every chapter;
fail: exits 3; garbage: writes what is not JSON; drop: removes the last
chapter; nop: the book unchanged. --record saves the input as JSON.
--legacy: built against mdBook 0.4, it reads only `sections` and fails as
mdBook 0.4's parser fails on a book without them.
"""
import json
import sys

args = sys.argv[1:]
if len(args) >= 2 and args[-2] == "supports":
    sys.exit(1 if "--no-html" in args or args[-1] != "html" else 0)
mode = args[0]
context, book = json.load(sys.stdin)
if "--record" in args:
    with open(args[args.index("--record") + 1], "w") as f:
        json.dump([context, book], f)
tag = args[args.index("--tag") + 1] if "--tag" in args else mode
if "--legacy" in args and "sections" not in book:
    print("Error: Unable to parse the input", file=sys.stderr)
    print("\tCaused by: missing field `sections` at line 1 column 9", file=sys.stderr)
    sys.exit(1)
key = "sections" if "--legacy" in args else "items" if "items" in book else "sections"


def chapters(items):
    for item in items:
        if isinstance(item, dict) and "Chapter" in item:
            yield item["Chapter"]
            yield from chapters(item["Chapter"]["sub_items"])


if mode == "fail":
    print("pre.py: failing on purpose", file=sys.stderr)
    sys.exit(3)
if mode == "garbage":
    print("this is not JSON")
    sys.exit(0)
if mode == "drop":
    book[key].pop()
for ch in chapters(book[key]):
    if mode == "shout":
        ch["content"] = ch["content"].replace(":shout:", "SHOUTED")
    elif mode == "tag":
        ch["content"] += f"\n[{tag}]\n"
json.dump({key: book[key]}, sys.stdout)
