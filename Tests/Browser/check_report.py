#!/usr/bin/env python3
"""Checks the DOM Chromium rendered from an `influence report` page.

Usage: check_report.py DOM.html --customers N --top-ids FILE [--mode density|points]

DOM.html is `chromium --headless --dump-dom` output; --customers is the customer
count `influence stats` reports for the same data; --top-ids is a file of the ids
`influence rank --by advocate --top N` prints, one per line, best first. Exits 1
naming every failed check. Standard library only.
"""
import argparse
import re
import sys
from html.parser import HTMLParser

SECTIONS = ["quadrant", "advocates", "reach", "referrals", "segments"]
CHARTS = {"quadrant": 2, "reach": 2, "referrals": 2}
# Attributes that make a browser fetch or navigate to what they name.
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href",
                  "background", "cite", "longdesc", "manifest", "ping", "codebase", "archive", "usemap"}
FETCHING_TAGS = {"script", "link", "img", "iframe", "frame", "object", "embed", "base", "audio", "video",
                 "source", "track", "image", "use", "feimage", "form", "input", "portal"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text = [], ""

    def classes(self):
        return set((self.attrs.get("class") or "").split())

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, predicate):
        return [n for n in self.walk() if predicate(n)]

    def all_text(self):
        return self.text + "".join(c.all_text() for c in self.children)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.current = self.root
        self.style_text = []

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text += data
        if self.current.tag == "style":
            self.style_text.append(data)


def external_references(root, style_text):
    """Every attribute, element or style rule that points outside the file."""
    found = []
    for node in root.walk():
        if node.tag in FETCHING_TAGS:
            found.append(f"<{node.tag}> element")
        for name, value in node.attrs.items():
            value = value or ""
            if name in URL_ATTRIBUTES and not value.startswith("#"):
                found.append(f"<{node.tag} {name}=\"{value[:60]}\">")
            if name == "style" and re.search(r"url\s*\(|@import", value, re.I):
                found.append(f"<{node.tag} style=\"{value[:60]}\">")
            if name.startswith("on"):
                found.append(f"<{node.tag} {name}> handler")
        if node.tag == "meta" and (node.attrs.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
    css = "".join(style_text)
    for match in re.finditer(r"url\s*\([^)]*\)|@import[^;]*", css, re.I):
        found.append(f"style sheet: {match.group(0)[:60]}")
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dom")
    parser.add_argument("--customers", type=int, required=True)
    parser.add_argument("--top-ids", required=True)
    parser.add_argument("--mode", choices=["density", "points"], required=True)
    args = parser.parse_args()

    with open(args.dom, encoding="utf-8") as f:
        builder = TreeBuilder()
        builder.feed(f.read())
    root = builder.root
    with open(args.top_ids, encoding="utf-8") as f:
        top_ids = [line.strip() for line in f if line.strip()]

    failures = []

    def check(condition, message):
        if not condition:
            failures.append(message)

    # The header and every section, each with its heading.
    headers = root.find(lambda n: n.attrs.get("data-section") == "header")
    check(len(headers) == 1, f"expected one header, found {len(headers)}")
    if headers:
        check(headers[0].attrs.get("data-customers") == str(args.customers),
              f"header says {headers[0].attrs.get('data-customers')} customers, the data has {args.customers}")
    sections = {n.attrs.get("id"): n for n in root.find(lambda n: n.tag == "section")}
    for name in SECTIONS:
        section = sections.get(name)
        check(section is not None, f"section #{name} missing")
        if section is None:
            continue
        check(bool(section.find(lambda n: n.tag == "h2")), f"section #{name} has no heading")
        charts = section.find(lambda n: n.tag == "svg")
        check(len(charts) == CHARTS.get(name, 0), f"section #{name}: {len(charts)} charts, expected {CHARTS.get(name, 0)}")
        for svg in charts:
            label = " ".join(sorted(svg.classes()))
            check(svg.attrs.get("role") == "img", f"chart {label} has no role=img")
            direct = [c.tag for c in svg.children]
            check("title" in direct and "desc" in direct, f"chart {label} lacks <title> or <desc>")
            titles = [c for c in svg.children if c.tag == "title"]
            check(bool(titles) and titles[0].all_text().strip() != "", f"chart {label} has an empty title")
        if charts:
            numbers = section.find(lambda n: n.tag == "details" and n.find(lambda t: t.tag == "table"))
            check(len(numbers) >= len(charts), f"section #{name}: {len(charts)} charts but {len(numbers)} <details> with tables")

    # Exactly one element varies between runs.
    timing = root.find(lambda n: "data-timing" in n.attrs)
    check(len(timing) == 1, f"expected one data-timing element, found {len(timing)}")

    # The quadrant: labelled top advocates, and a grid or a point set holding every customer.
    quadrant = root.find(lambda n: n.tag == "svg" and "quadrant" in n.classes())
    check(len(quadrant) == 1, f"expected one quadrant chart, found {len(quadrant)}")
    if quadrant:
        q = quadrant[0]
        points = q.find(lambda n: n.tag == "circle" and "top-point" in n.classes())
        labels = q.find(lambda n: n.tag == "text" and "point-label" in n.classes())
        check(sorted(p.attrs.get("data-id") for p in points) == sorted(top_ids),
              f"quadrant points {sorted(p.attrs.get('data-id') for p in points)[:5]}… are not the top advocates {top_ids[:5]}…")
        check([t.attrs.get("data-id") for t in labels] == top_ids, "quadrant labels are not the top advocates in rank order")
        for t in labels:
            check(t.attrs.get("data-id", "")[:17] in t.all_text(), f"label {t.attrs.get('data-id')} does not show its id")
        grids = q.find(lambda n: n.tag == "g" and "density" in n.classes())
        dots = q.find(lambda n: n.tag == "circle" and "customer" in n.classes())
        if args.mode == "density":
            check(len(grids) == 1 and not dots, f"expected a density grid and no dots, found {len(grids)} grids, {len(dots)} dots")
            if grids:
                counts = [int(c.attrs["data-count"]) for c in grids[0].find(lambda n: n.tag == "rect" and "cell" in n.classes())]
                check(sum(counts) == args.customers, f"density cells hold {sum(counts)} customers, the data has {args.customers}")
                check(all(c > 0 for c in counts), "a density cell is empty but drawn")
                check(grids[0].attrs.get("data-customers") == str(args.customers), "density grid's data-customers is wrong")
        else:
            check(not grids and len(dots) == args.customers, f"expected {args.customers} dots and no grid, found {len(dots)} dots, {len(grids)} grids")

    # The advocates table lists the same customers in the same order.
    if "advocates" in sections:
        rows = sections["advocates"].find(lambda n: n.tag == "tbody")
        ids = [s.attrs.get("data-id") for s in sections["advocates"].find(lambda n: n.tag == "span" and "data-id" in n.attrs)]
        check(ids == top_ids, f"advocates table ids {ids[:5]}… differ from rank's {top_ids[:5]}…")
        count = len([r for r in rows[0].children if r.tag == "tr"]) if rows else 0
        check(count == len(top_ids), f"advocates table has {count} rows, expected {len(top_ids)}")

    for reference in external_references(root, builder.style_text):
        failures.append(f"external reference: {reference}")

    if failures:
        for message in failures:
            print(f"FAIL {message}", file=sys.stderr)
        sys.exit(1)
    print(f"ok: {args.dom}: 5 sections, {args.customers} customers in the quadrant's {args.mode}, "
          f"{len(top_ids)} labelled advocates, nothing outside the file")


if __name__ == "__main__":
    main()
