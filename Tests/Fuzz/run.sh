#!/usr/bin/env bash
# Builds the fuzz binary (library and CLI sources + Tests/Fuzz/*.swift, libFuzzer
# and AddressSanitizer) and runs one target, or all in turn, for SECONDS each.
#
#   Tests/Fuzz/run.sh csv|edgelist|snapshot|cli|all SECONDS [extra libFuzzer flags]
#
# Seeds come from Tests/Fuzz/corpus/TARGET (never written to); the growing corpus
# lives in .build/fuzz/corpus/TARGET. Exits 1 and prints the saved input when a
# target crashes, trips ASan or breaks an invariant; exits 64 on bad usage.
# The CLI sources join the library's module here (their imports of it are ignored),
# so the cli target can call InfluenceCLI.run in process.
set -euo pipefail
cd "$(dirname "$0")/../.."

usage() { echo "usage: Tests/Fuzz/run.sh csv|edgelist|snapshot|cli|all SECONDS [libFuzzer flags]" >&2; exit 64; }
[ $# -ge 2 ] || usage
target=$1 seconds=$2
shift 2
case "$target" in csv|edgelist|snapshot|cli) targets=("$target") ;; all) targets=(csv edgelist snapshot cli) ;; *) usage ;; esac
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || usage

# Absolute, because the cli target works in a scratch directory of its own.
out=$PWD/.build/fuzz
bin=$out/influence-fuzz
mkdir -p "$out"
# Rebuild when any library, CLI or fuzz source is newer than the binary. Warnings
# are the package build's business (here every CLI import of the library warns).
if [ ! -x "$bin" ] || [ -n "$(find Sources/InfluenceGraph Sources/InfluenceCLI Tests/Fuzz -name '*.swift' -newer "$bin" | head -1)" ]; then
    echo "building $bin"
    start=$SECONDS
    swiftc -parse-as-library -swift-version 6 -O -sanitize=fuzzer,address -g -suppress-warnings \
        -module-name InfluenceGraph \
        $(find Sources/InfluenceGraph Sources/InfluenceCLI -name '*.swift' | sort) Tests/Fuzz/*.swift \
        -o "$bin.tmp" 2> >(grep -v "Cannot export local symbol '__asan" >&2)
    mv "$bin.tmp" "$bin"
    echo "built in $((SECONDS - start)) s"
fi

# Swift's own crash reporter would wait on a backtracer process; libFuzzer and ASan report instead.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
status=0
for t in "${targets[@]}"; do
    case "$t" in
        # The CSV target reads three files from one input, so it gets more room.
        csv) max_len=8192 ;;
        edgelist) max_len=4096 ;;
        snapshot) max_len=16384 ;;
        # Arguments and three small CSV files; larger inputs only run longer.
        cli) max_len=4096 ;;
    esac
    dict=()
    [ -f "Tests/Fuzz/$t.dict" ] && dict=(-dict="$PWD/Tests/Fuzz/$t.dict")
    corpus=$out/corpus/$t artifacts=$out/artifacts/$t
    mkdir -p "$corpus" "$artifacts"
    log=$out/$t.log
    echo "== fuzzing $t for $seconds s (log $log)"
    set +e
    FUZZ_TARGET=$t "$bin" "$corpus" "$PWD/Tests/Fuzz/corpus/$t" \
        -max_total_time="$seconds" -max_len=$max_len -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 "${dict[@]}" "$@" >"$log" 2>&1
    code=$?
    set -e
    grep -E '^#[0-9]+.*(DONE|pulse)|^stat::(number_of_executed_units|peak_rss_mb)|INITED|Done [0-9]+ runs' "$log" | tail -5
    if [ $code -ne 0 ]; then
        status=1
        echo "!! $t FAILED (libFuzzer exit $code); last lines of $log:"
        grep -E 'INVARIANT VIOLATED|ERROR: AddressSanitizer|ERROR: libFuzzer|SUMMARY|Fatal error|deadly signal|Test unit written to' "$log" | head -10
        tail -5 "$log"
        crash=$(grep -o 'Test unit written to .*' "$log" | tail -1 | sed 's/Test unit written to //')
        [ -n "$crash" ] && echo "crashing input: $crash (replay: FUZZ_TARGET=$t $bin $crash)"
    fi
done
exit $status
