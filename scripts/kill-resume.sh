#!/usr/bin/env bash
# Crash-safety check of issue 10: run a manifest, kill it with SIGKILL at two random moments
# (after a random number of finished cells, then a random fraction of a second),
# resume it each time, and compare the result with an uninterrupted run of the same manifest:
# rows (every quality column, `harmonix check`) and every field table (`check --fields`).
#
#   scripts/kill-resume.sh [MANIFEST] [REFERENCE_RUN_DIR]
#
# Without REFERENCE_RUN_DIR the uninterrupted run is made first. Exit 0 when both match.
set -euo pipefail
cd "$(dirname "$0")/.."
manifest=${1:-Experiments/ci.yaml}
reference=${2:-}
bin=.build/release/harmonix
out=$(mktemp -d /tmp/kill-resume.XXXXXX)
[ -x "$bin" ] || swift build -c release --product harmonix
if [ -z "$reference" ]; then
  "$bin" run "$manifest" --output "$out/reference" --progress none >/dev/null
  reference=$(ls -d "$out"/reference/*/*)
fi

"$bin" run "$manifest" --output "$out/killed" --progress plain >"$out/run0.log" 2>&1 &
pid=$!
cells() { grep -c ' r0 ' "$1" 2>/dev/null || true; }
for attempt in 1 2; do
  # Each kill comes after a random number (0-5) of cells this process finished (0: during the
  # warm-up or the first cascade), then 0-3.9 s into whatever runs next (a cascade, a settle,
  # EXHALE, a checkpoint): the moments then do not depend on how loaded the machine is.
  log="$out/run$((attempt - 1)).log"
  want=$((RANDOM % 6))
  while kill -0 "$pid" 2>/dev/null && [ "$(cells "$log")" -lt "$want" ]; do sleep 0.2; done
  delay=$((RANDOM % 40))
  sleep "$((delay / 10)).$((delay % 10))"
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"; wait "$pid" 2>/dev/null || true
    echo "kill $attempt: SIGKILL $((delay / 10)).$((delay % 10)) s after cell $want of this process ($(cells "$log") cells reported)"
  else
    echo "kill $attempt: the run had already finished"
  fi
  run=$(ls -d "$out"/killed/*/*)
  "$bin" run "$manifest" --resume "$run" --progress plain >"$out/run$attempt.log" 2>&1 &
  pid=$!
done
wait "$pid"
grep -h "resumed from cell" "$out"/run*.log || true
"$bin" check "$run" --baseline "$reference" --fields >"$out/check.txt" || status=$?
grep -E "^(Quality|Result|Fields)|^  [a-z]" "$out/check.txt" | grep -v "  (sync|async)" || true
echo "run: $run  reference: $reference"
exit "${status:-0}"
