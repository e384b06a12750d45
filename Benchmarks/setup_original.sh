#!/usr/bin/env bash
# Makes the private virtual environment in which `harmonix bench haiku|sonnet` run the original
# Python harmonix (../shared/peers/harmonix-ac8718f, GPL-3.0) as a measured peer: numpy, scipy,
# sentencepiece and syllables, the packages its README lists. Idempotent; nothing is installed
# outside the venv.
#
# Usage: Benchmarks/setup_original.sh [VENV_DIR]    (default: .venv-original under the package root)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venv="${1:-$here/.venv-original}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "numpy>=1.24" "scipy>=1.10" "sentencepiece>=0.1.99" "syllables>=1.0.7"
"$venv/bin/python" -c "import numpy, scipy, sentencepiece, syllables; print('numpy', numpy.__version__, 'scipy', scipy.__version__)"
echo "original-harmonix peer environment ready in $venv"
