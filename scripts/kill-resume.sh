#!/usr/bin/env bash
# Crash-safety check of issue 10: run a manifest, kill it with SIGKILL at two random moments,
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
for attempt in 1 2; do
  # The first kill anywhere in the first ~35 s (warm-up included), the second soon after the resume.
  if [ "$attempt" = 1 ]; then delay=$((3 + RANDOM % 33)); else delay=$((2 + RANDOM % 12)); fi
  sleep "$delay"
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"; wait "$pid" 2>/dev/null || true
    echo "kill $attempt: SIGKILL after ${delay} s ($(grep -c ' r0 ' "$out/run$((attempt - 1)).log" || true) cells reported)"
  else
    echo "kill $attempt: the run had already finished after ${delay} s"
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
