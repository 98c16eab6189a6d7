"""Summarises the parts of a wasm for BENCHMARKS.md (used by scripts/bench).

    wasm_parts.py functions FILE   the 25 largest items
    wasm_parts.py crates FILE      shallow bytes summed by crate (first path segment)

FILE is a wasm with its name section (read here: each function body by its name, each data
segment, the rest as one item per section), or `twiggy top --format csv` of one. twiggy 0.7
cannot read what wasm-split-cli writes (an element segment encoding it does not know).
"""
import csv
import re
import sys
from collections import Counter


def crate_of(name: str) -> str:
    if name.startswith("data["):
        return "data segments (strings, tables)"
    if name.startswith(("code[", "elem[", "table[", "global[", "type[", "import ", "func[", "memory[", "export ", "datacount[", "section[")):
        return "unnamed code and tables"
    if name.startswith("__wbg") or name.startswith("__wbindgen"):
        return "wasm-bindgen glue"
    if re.match(r"<[A-Z] as ", name):
        return "generic glue (<T as …>)"
    s = name.lstrip("<&*(").removeprefix("dyn ").removeprefix("mut ").removeprefix("const ")
    m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", s)
    return m.group(0) if m else "other"


def leb(b, i):
    r = shift = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return r, i


def wasm_rows(path):
    """(name, bytes) of each function body, data segment and other section of a wasm."""
    b = open(path, "rb").read()
    i, sections = 8, []
    while i < len(b):
        sid = b[i]
        size, i = leb(b, i + 1)
        sections.append((sid, b[i : i + size]))
        i += size
    imported, names, bodies, other = 0, {}, [], []
    for sid, body in sections:
        if sid == 2:  # imports: functions count before the module's own
            n, j = leb(body, 0)
            for _ in range(n):
                for _ in range(2):
                    length, j = leb(body, j)
                    j += length
                kind = body[j]
                j += 1
                if kind == 0:
                    _, j = leb(body, j)
                    imported += 1
                elif kind == 1:
                    j += 1
                    flags, j = leb(body, j)
                    _, j = leb(body, j)
                    if flags & 1:
                        _, j = leb(body, j)
                elif kind == 2:
                    flags, j = leb(body, j)
                    _, j = leb(body, j)
                    if flags & 1:
                        _, j = leb(body, j)
                elif kind == 3:
                    j += 2
                else:
                    j += 1
                    _, j = leb(body, j)
        elif sid == 0:
            length, j = leb(body, 0)
            if body[1 : 1 + length] == b"name" or body[j : j + length] == b"name":
                j += length
                while j < len(body):
                    sub = body[j]
                    size, j = leb(body, j + 1)
                    end = j + size
                    if sub == 1:
                        n, k = leb(body, j)
                        for _ in range(n):
                            index, k = leb(body, k)
                            length, k = leb(body, k)
                            names[index] = body[k : k + length].decode("utf-8", "replace")
                            k += length
                    j = end
        elif sid == 10:
            n, j = leb(body, 0)
            for f in range(n):
                size, j = leb(body, j)
                bodies.append((imported + f, size))
                j += size
        elif sid == 11:
            n, j = leb(body, 0)
            for d in range(n):
                start = j
                flags, j = leb(body, j)
                if flags == 2:
                    _, j = leb(body, j)
                if flags in (0, 2):
                    while body[j] != 0x0B:  # the offset expression
                        j += 1
                    j += 1
                size, j = leb(body, j)
                j += size
                yield f"data[{d}]", j - start
        else:
            other.append((sid, len(body)))
    for index, size in bodies:
        yield names.get(index, f"code[{index}]"), size
    labels = {1: "type[]", 2: "import section", 3: "func[]", 4: "table[]", 5: "memory[]",
              6: "global[]", 7: "export section", 9: "elem[]", 12: "datacount[]"}
    for sid, size in other:
        yield labels.get(sid, f"section[{sid}]"), size


def rows(path):
    if path.endswith(".wasm"):
        yield from wasm_rows(path)
        return
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
