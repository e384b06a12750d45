#!/usr/bin/env bash
# Runs the four benchmarks with --json into Benchmarks/results/<cpu-slug>/<bench>.json (one folder
# per CPU, named by `harmonix` itself), then regenerates the README's tables from every folder.
# Peers: Benchmarks/setup_llama_cpp.sh (prose), Benchmarks/setup_original.sh (haiku, sonnet: the
# original Python organisms of ../shared/peers/harmonix-ac8718f). Takes a few minutes on 2 cores.
#
# Usage (from anywhere): Benchmarks/run_all.sh [extra arguments for every bench, e.g. --runs 7]
set -euo pipefail
cd "$(dirname "$0")/.."
# The test command's configuration (-enable-testing), so this shares its build instead of redoing it.
swift build -c release -Xswiftc -enable-testing --product harmonix
bin="$(swift build -c release -Xswiftc -enable-testing --show-bin-path)/harmonix"
slug="$("$bin" bench slug)"
out="Benchmarks/results/$slug"
mkdir -p "$out"
run() {   # run NAME BENCH ARGS...: one bench into $out/NAME.json
    local name="$1"; shift
    echo "== harmonix bench $* --json (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    "$bin" bench "$@" --json > "$out/$name.json.tmp"
    mv "$out/$name.json.tmp" "$out/$name.json"
}
run sonnet sonnet "$@"
# Prose: both model files of issue 13 at 1 and 2 threads, from a ~90-token prompt (so prompt tok/s
# measures a real batch, not a 5-token one). The K-quant file comes from Benchmarks/setup_llama_cpp.sh.
prompt="$(cat Benchmarks/prose_prompt.txt)"
for model in Q4_1 Q4_K_M; do
    file="Models/SmolLM2-135M-Instruct.$model.gguf"
    [ -f "$file" ] || { echo "skipping $file (missing: run Benchmarks/setup_llama_cpp.sh)" >&2; continue; }
    for threads in 1 2; do
        run "prose-$(echo "$model" | tr 'A-Z' 'a-z')-t$threads" prose --model "$file" --threads "$threads" --prompt "$prompt" "$@"
    done
done
run haiku haiku "$@"
run cascade cascade "$@"
python3 Benchmarks/render_tables.py
echo "Results in $out; README.md tables regenerated." >&2
