"""Summarises `twiggy top --format csv` for BENCHMARKS.md (used by scripts/bench).

    wasm_parts.py functions TOP.CSV   the 25 largest items
    wasm_parts.py crates TOP.CSV      shallow bytes summed by crate (first path segment)
"""
import csv
import re
import sys
from collections import Counter


def crate_of(name: str) -> str:
    if name.startswith("data["):
        return "data segments (strings, tables)"
    if name.startswith(("code[", "elem[", "table[", "global[", "type[", "import ")):
        return "unnamed code and tables"
    if name.startswith("__wbg") or name.startswith("__wbindgen"):
        return "wasm-bindgen glue"
    if re.match(r"<[A-Z] as ", name):
        return "generic glue (<T as …>)"
    s = name.lstrip("<&*(").removeprefix("dyn ").removeprefix("mut ").removeprefix("const ")
    m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", s)
    return m.group(0) if m else "other"


def rows(path):
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            name = r.get("Name") or r.get("name")
            size = int(r.get("ShallowSize") or r.get("shallow_size") or 0)
            # Custom sections ("function names" and the like) are the names twiggy reads; the
            # shipped wasm has none of them.
            if name and not name.startswith(("Σ", '"')):
                yield name, size


def main() -> None:
    mode, path = sys.argv[1], sys.argv[2]
    items = list(rows(path))
    total = sum(s for _, s in items) or 1
    if mode == "functions":
        print("| item | bytes | share |")
        print("|---|---:|---:|")
        for name, size in sorted(items, key=lambda x: -x[1])[:25]:
            short = re.sub(r"::h[0-9a-f]{16}$", "", name)
            if len(short) > 110:
                short = short[:107] + "…"
            short = short.replace("|", "\\|")
            print(f"| `{short}` | {size} | {100 * size / total:.1f} % |")
    else:
        by = Counter()
        for name, size in items:
            by[crate_of(name)] += size
        print("| crate | bytes | share |")
        print("|---|---:|---:|")
        for crate, size in by.most_common(15):
            print(f"| {crate} | {size} | {100 * size / total:.1f} % |")
        print(f"| all | {total} | 100 % |")


if __name__ == "__main__":
    main()
