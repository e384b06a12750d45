#!/usr/bin/env bash
# Runs the four benchmarks with --json into Benchmarks/results/<cpu-slug>/<bench>.json (one folder
# per CPU, named by `harmonix` itself), then regenerates the README's tables from every folder.
# Peers: Benchmarks/setup_llama_cpp.sh (prose), Benchmarks/setup_original.sh (haiku, sonnet: the
# original Python organisms of ../shared/peers/harmonix-ac8718f). Takes a few minutes on 2 cores.
#
# Usage (from anywhere): Benchmarks/run_all.sh [extra arguments for every bench, e.g. --runs 7]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product harmonix
bin="$(swift build -c release --show-bin-path)/harmonix"
slug="$("$bin" bench slug)"
out="Benchmarks/results/$slug"
mkdir -p "$out"
for bench in sonnet prose haiku cascade; do
    echo "== harmonix bench $bench --json $* (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    "$bin" bench "$bench" --json "$@" > "$out/$bench.json.tmp"
    mv "$out/$bench.json.tmp" "$out/$bench.json"
done
python3 Benchmarks/render_tables.py
echo "Results in $out; README.md tables regenerated." >&2
