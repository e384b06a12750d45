#!/usr/bin/env python3
"""numpy peer of the Sonnet NanoGPT for `harmonix bench sonnet`.

Our own implementation of the forward pass of ../shared/spec/sonnet.md §1.4, written the way the
original numpy inference is organised (one matmul per head, full recompute over the sliding
64-character window, float32 weights), so the benchmark compares the same arithmetic:

    x = tok[ids] + pos[:T]; per block: h = LN1(x); per head q,k,v = h@W.T, softmax(q@k.T / sqrt(32)
    masked) @ v; x += concat@Wproj.T + b; x += GELU_tanh(LN2(x)@W0.T + b0)@W2.T + b2
    logits = LN_f(x)@Whead.T + b

Run with OPENBLAS_NUM_THREADS=1 (the Swift kernel is single-threaded). Prints one JSON object per
line: {"run": i, "seconds": s, "cpu_seconds": c, "chars": n}, then a last line with every run's
times and the OpenBLAS core kernel when OpenBLAS tells it:
{"seconds": [...], "cpu_seconds": [...], "chars": n, "corename": ..., "numpy": ...}

    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/sonnet_numpy.py --weights PATH --runs 3
"""
import argparse
import ctypes
import json
import sys
import time

import numpy as np

VOCAB = "\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
N_LAYER, N_HEAD, HEAD, BLOCK = 4, 4, 32, 64


def layer_norm(x, w, b, eps=1e-5):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def gelu(x):
    k = np.float32(np.sqrt(2.0 / np.pi))
    return np.float32(0.5) * x * (np.float32(1.0) + np.tanh(k * (x + np.float32(0.044715) * x ** 3)))


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


class Model:
    def __init__(self, path):
        self.w = dict(np.load(path))
        self.scale = np.float32(HEAD ** -0.5)

    def forward(self, ids):
        w = self.w
        t = len(ids)
        x = w["embedding_table.weight"][ids] + w["position_embedding_table.weight"][:t]
        mask = np.tril(np.ones((t, t), dtype=bool))
        for i in range(N_LAYER):
            p = f"blocks.{i}."
            h = layer_norm(x, w[p + "ln1.weight"], w[p + "ln1.bias"])
            outs = []
            for hd in range(N_HEAD):
                q = h @ w[f"{p}sa.heads.{hd}.query.weight"].T
                k = h @ w[f"{p}sa.heads.{hd}.key.weight"].T
                v = h @ w[f"{p}sa.heads.{hd}.value.weight"].T
                s = (q @ k.T) * self.scale
                s = np.where(mask, s, -np.inf)
                outs.append(softmax(s) @ v)
            x = x + np.concatenate(outs, -1) @ w[p + "sa.proj.weight"].T + w[p + "sa.proj.bias"]
            h = layer_norm(x, w[p + "ln2.weight"], w[p + "ln2.bias"])
            f = gelu(h @ w[p + "ffwd.net.0.weight"].T + w[p + "ffwd.net.0.bias"])
            x = x + f @ w[p + "ffwd.net.2.weight"].T + w[p + "ffwd.net.2.bias"]
        x = layer_norm(x, w["ln_f.weight"], w["ln_f.bias"])
        return x @ w["lm_head.weight"].T + w["lm_head.bias"]

    def generate(self, prompt, tokens, temperature, rng):
        ids = [VOCAB.find(c) if c in VOCAB else 1 for c in prompt]
        for _ in range(tokens):
            logits = self.forward(ids[-BLOCK:])[-1].astype(np.float64)
            if temperature == 0:
                nxt = int(np.argmax(logits))
            else:
                p = softmax(logits / temperature)
                nxt = int(rng.choice(len(VOCAB), p=p))
            ids.append(nxt)
        return "".join(VOCAB[i] for i in ids)


def openblas_corename():
    """The core type OpenBLAS picked at run time (DYNAMIC_ARCH builds choose a kernel per CPU;
    OPENBLAS_CORETYPE overrides it). None when the library does not say."""
    import glob
    import os
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*.so*"))
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in ("scipy_openblas_get_corename64_", "openblas_get_corename64_", "openblas_get_corename"):
            fn = getattr(lib, name, None)
            if fn is not None:
                fn.restype = ctypes.c_char_p
                return fn().decode()
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tokens", type=int, default=800)
    ap.add_argument("--temperature", type=float, default=0.8)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    model = Model(args.weights)
    rng = np.random.default_rng(args.seed)
    model.generate("\n", 20, args.temperature, rng)  # warm-up
    seconds_all, cpu_all = [], []
    for i in range(args.runs):
        start, cpu_start = time.perf_counter(), time.process_time()
        text = model.generate("\n", args.tokens, args.temperature, rng)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        seconds_all.append(seconds)
        cpu_all.append(cpu)
        print(json.dumps({"run": i, "seconds": seconds, "cpu_seconds": cpu, "chars": len(text) - 1}), flush=True)
    print(json.dumps({"seconds": seconds_all, "cpu_seconds": cpu_all, "chars": args.tokens,
                      "corename": openblas_corename(), "numpy": np.__version__}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
