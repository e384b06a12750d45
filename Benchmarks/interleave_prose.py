#!/usr/bin/env python3
"""Interleaved speed comparison: `harmonix bench prose` (ours, --skip-llama-cpp) and
Benchmarks/llama_cpp_bench.py (llama.cpp) alternately, N runs each, same model/prompt/threads.

Prints every pair, then for prompt and decode tok/s the geometric-mean ratio ours/llama.cpp with a
95% t-interval over the per-pair log ratios, and the load average before and after. Extra environment
for our side (e.g. HARMONIX_KERNEL_PATH=avx2-128, HARMONIX_PROMPT_BATCH=0) passes through --env.

  python3 Benchmarks/interleave_prose.py --runs 5 --threads 1 --prompt-repeat 8 [--model M] [--env K=V]
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys

T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
       11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 19: 2.093, 24: 2.064, 29: 2.045}


def t95(df):
    return T95.get(df) or T95[max(k for k in T95 if k <= df)]


def ours(args, env):
    cmd = [args.harmonix, "bench", "prose", "--skip-llama-cpp", "--reference-tokens", "0", "--model", args.model,
           "--prompt", args.prompt, "--tokens", str(args.tokens), "--threads", str(args.threads)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    m = re.search(r"swift \(C int8 kernels\)\s+([\d.]+)\s+([\d.]+)", out)
    return float(m.group(1)), float(m.group(2))


def peer(args):
    cmd = [args.python, "Benchmarks/llama_cpp_bench.py", "--model", args.model, "--prompt", args.prompt,
           "--tokens", str(args.tokens), "--threads", str(args.threads)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    j = json.loads([l for l in out.splitlines() if l.startswith("{")][-1])
    return j["prompt_tok_s"], j["decode_tok_s"]


def interval(ratios):
    logs = [math.log(r) for r in ratios]
    n = len(logs)
    mean = sum(logs) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in logs) / (n - 1)) if n > 1 else 0.0
    h = t95(n - 1) * sd / math.sqrt(n) if n > 1 else float("nan")
    return math.exp(mean), math.exp(mean - h), math.exp(mean + h)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--tokens", type=int, default=128)
    ap.add_argument("--model", default="Models/SmolLM2-135M-Instruct.Q4_1.gguf")
    ap.add_argument("--prompt", default="The field resonates with the quiet memory of rivers and stones. ")
    ap.add_argument("--prompt-repeat", type=int, default=1, help="repeat --prompt this many times")
    ap.add_argument("--harmonix", default=".build/release/harmonix")
    ap.add_argument("--python", default=".venv-llama-cpp/bin/python")
    ap.add_argument("--env", action="append", default=[], help="K=V for our side only")
    args = ap.parse_args()
    args.prompt = args.prompt * args.prompt_repeat
    env = dict(os.environ)
    for kv in args.env:
        k, v = kv.split("=", 1)
        env[k] = v
    load0 = os.getloadavg()
    rows = []
    for i in range(args.runs):
        # Alternate which side goes first, so a drift in load does not favour one side.
        if i % 2 == 0:
            o = ours(args, env); p = peer(args)
        else:
            p = peer(args); o = ours(args, env)
        rows.append((o, p))
        print(f"run {i + 1}: ours prompt {o[0]:.1f} decode {o[1]:.1f} | llama.cpp prompt {p[0]:.1f} decode {p[1]:.1f} tok/s", flush=True)
    load1 = os.getloadavg()
    for k, name in ((0, "prompt"), (1, "decode")):
        g, lo, hi = interval([o[k] / p[k] for o, p in rows])
        mo = sorted(o[k] for o, _ in rows)[len(rows) // 2]
        mp = sorted(p[k] for _, p in rows)[len(rows) // 2]
        print(f"{name}: ours/llama.cpp = {g:.3f} (95% CI {lo:.3f}-{hi:.3f}), medians {mo:.1f} vs {mp:.1f} tok/s")
    print(f"threads {args.threads}, model {args.model}, env {args.env}, load before {load0[0]:.2f} {load0[1]:.2f} after {load1[0]:.2f} {load1[1]:.2f}")


if __name__ == "__main__":
    sys.exit(main())
