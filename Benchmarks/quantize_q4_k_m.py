#!/usr/bin/env python3
"""Writes a Q4_K_M copy of a GGUF model with llama.cpp's own quantizer (`llama_model_quantize`).

The K-quant model of issue 13: Models/SmolLM2-135M-Instruct.Q4_K_M.gguf made from the shipped Q4_1
file (requantisation allowed: the source is already quantised). llama.cpp chooses each tensor's type:
Q4_K / Q6_K where a row is a multiple of 256 values, its fallbacks (Q5_0 for Q4_K, Q8_0 for Q6_K)
for SmolLM2's 576-wide rows. Run with the Python of Benchmarks/setup_llama_cpp.sh's environment:
  .venv-llama-cpp/bin/python Benchmarks/quantize_q4_k_m.py SRC.gguf DST.gguf
Exit 0 on success, 1 when llama.cpp reports an error, 2 on bad arguments.
"""
import os
import sys

import llama_cpp


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, dst = sys.argv[1], sys.argv[2]
    if not os.path.isfile(src):
        print(f"quantize_q4_k_m: no model file {src}", file=sys.stderr)
        return 2
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_K_M
    params.allow_requantize = True
    params.nthread = int(os.environ.get("QUANTIZE_THREADS", "2"))
    tmp = dst + ".part"
    rc = llama_cpp.llama_model_quantize(src.encode(), tmp.encode(), params)
    if rc != 0:
        print(f"quantize_q4_k_m: llama_model_quantize returned {rc}", file=sys.stderr)
        return 1
    os.replace(tmp, dst)   # never leave a half-written model under the final name
    print(f"wrote {dst} ({os.path.getsize(dst)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
