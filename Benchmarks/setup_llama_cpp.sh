#!/usr/bin/env bash
# Builds llama-cpp-python 0.3.36 from its PyPI sdist into a private virtual environment, so that
# `harmonix bench prose` can time llama.cpp on the same GGUF file and thread count as our engine.
# The build compiles llama.cpp (C/C++) with the host's native flags; it takes a while on 2 cores.
# Then writes Models/SmolLM2-135M-Instruct.Q4_K_M.gguf from the Q4_1 file (Benchmarks/quantize_q4_k_m.py).
#
# Usage: Benchmarks/setup_llama_cpp.sh [VENV_DIR]    (default: .venv-llama-cpp under the package root)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venv="${1:-$here/.venv-llama-cpp}"
python3 -m venv "$venv"
"$venv/bin/pip" install --upgrade pip
# cmake and ninja come from PyPI too (scikit-build-core's build requirements), so no system
# packages beyond a C/C++ compiler are needed. GGML_NATIVE=ON = build for this CPU (AVX2/FMA),
# which is what a user running llama.cpp locally gets.
CMAKE_ARGS="-DGGML_NATIVE=ON -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TESTS=OFF" \
CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
    "$venv/bin/pip" install --no-binary llama-cpp-python "llama-cpp-python==0.3.36"
"$venv/bin/python" -c "import llama_cpp; print('llama_cpp', llama_cpp.__version__)"
# The K-quant model of the benchmarks and parity tests, made by llama.cpp's own quantizer from the
# shipped Q4_1 file (skipped when present; resolve a symlinked source so the copy lands in Models/).
src="$here/Models/SmolLM2-135M-Instruct.Q4_1.gguf"
dst="$here/Models/SmolLM2-135M-Instruct.Q4_K_M.gguf"
if [ -f "$src" ] && [ ! -f "$dst" ]; then
    "$venv/bin/python" "$here/Benchmarks/quantize_q4_k_m.py" "$src" "$dst"
fi
echo "llama-cpp-python ready in $venv"
