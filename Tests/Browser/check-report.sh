#!/usr/bin/env bash
# Renders `influence report` pages in headless Chromium and checks what the browser
# built: every section present, every chart titled and followed by its numbers, the
# quadrant's labelled points being `rank --by advocate`'s top customers, its density
# grid (demo data, 20,000 customers) or point set (the tiny shop) holding every
# customer `stats` counts, and nothing that references a URL outside the file.
# Also takes a screenshot of the demo report; with --screenshot FILE it keeps it.
#
# usage: Tests/Browser/check-report.sh [--bin PATH] [--screenshot FILE]
# Needs chromium (apt-get install -y chromium) and python3; run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=.build/release/influence
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) bin=$2; shift 2 ;;
        --screenshot) keep=$2; shift 2 ;;
        *) echo "usage: $0 [--bin PATH] [--screenshot FILE]" >&2; exit 64 ;;
    esac
done
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "check-report: chromium not found (apt-get install -y chromium)" >&2
    exit 1
fi
[ -x "$bin" ] || { echo "check-report: $bin not built (swift build -c release --product influence)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# No name resolves, so a page that tried to fetch anything could not, and a fresh
# profile per run keeps the machine's own state out.
flags=(--headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars
       "--host-resolver-rules=MAP * ~NOTFOUND" "--user-data-dir=$work/profile")

# check NAME MODE [SOURCE]: report, reference figures, render, check.
check() {
    local name=$1 mode=$2
    shift 2
    "$bin" report "$@" -o "$work/$name.html" 2>/dev/null
    local customers
    customers=$("$bin" stats "$@" --format json 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["customers"])')
    "$bin" rank "$@" --by advocate --top 20 --format csv 2>/dev/null | tail -n +2 | cut -d, -f2 > "$work/$name.ids"
    local start end
    start=$(date +%s.%N)
    "$browser" "${flags[@]}" --dump-dom "file://$work/$name.html" > "$work/$name.dom.html" 2>"$work/$name.browser.log"
    end=$(date +%s.%N)
    [ -s "$work/$name.dom.html" ] || { echo "check-report: chromium rendered nothing for $name"; cat "$work/$name.browser.log"; exit 1; }
    python3 Tests/Browser/check_report.py "$work/$name.dom.html" --customers "$customers" --top-ids "$work/$name.ids" --mode "$mode"
    echo "  $name: $(wc -c < "$work/$name.html") bytes, rendered to --dump-dom in $(python3 -c "print(f'{$end - $start:.2f}')") s"
}

check demo density
check shop points fixtures/tiny/shop

"$browser" "${flags[@]}" --window-size=1280,1500 "--screenshot=$work/demo.png" "file://$work/demo.html" >/dev/null 2>&1
python3 - "$work/demo.png" <<'EOF'
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "the screenshot is not a PNG"
width, height = struct.unpack(">II", data[16:24])
assert (width, height) == (1280, 1500) and len(data) > 50_000, f"unexpected screenshot {width}x{height}, {len(data)} bytes"
print(f"  screenshot: {width}x{height}, {len(data)} bytes")
EOF
if [ -n "$keep" ]; then
    cp "$work/demo.png" "$keep"
    echo "  kept the screenshot as $keep"
fi
echo "browser check passed"
