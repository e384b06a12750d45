#!/usr/bin/env python3
"""Teacher-forced argmax of llama.cpp (llama-cpp-python) along token sequences given by the caller.

For each sequence (prompt ids + continuation ids, e.g. our engine's greedy tokens) llama.cpp evaluates
prompt + continuation[:-1] and reports, at every continuation position i, its own argmax, the top-2
margin (logit₁ − logit₂) and how far the caller's token is below its top logit. A greedy parity test
counts agreements and calls a disagreement a near tie when that gap is small.

stdin:  {"model": PATH, "threads": N, "sequences": [{"prompt_ids": [...], "ids": [...]}, ...]}
stdout: one JSON line {"results": [{"argmax": [...], "margin": [...], "gap": [...]}, ...]}
Exit 0 on success, 2 on bad input. Run with the Python of Benchmarks/setup_llama_cpp.sh's environment.
"""
import json
import sys

import llama_cpp
import numpy as np


def main():
    try:
        req = json.load(sys.stdin)
        model, threads, sequences = req["model"], int(req.get("threads", 1)), req["sequences"]
    except (ValueError, KeyError, TypeError) as e:
        print(f"llama_cpp_teacher_forced: bad request: {e}", file=sys.stderr)
        return 2
    longest = max(len(s["prompt_ids"]) + len(s["ids"]) for s in sequences)
    llm = llama_cpp.Llama(model_path=model, n_ctx=max(512, longest + 8), n_threads=threads,
                          n_threads_batch=threads, n_gpu_layers=0, logits_all=True, verbose=False)
    results = []
    for s in sequences:
        prompt, ids = list(s["prompt_ids"]), list(s["ids"])
        llm.reset()
        llm.eval(prompt + ids[:-1])
        argmax, margin, gap = [], [], []
        for i, tok in enumerate(ids):
            row = np.asarray(llm.scores[len(prompt) - 1 + i], dtype=np.float64)
            top2 = np.argpartition(row, -2)[-2:]
            a, b = (top2[0], top2[1]) if row[top2[0]] >= row[top2[1]] else (top2[1], top2[0])
            argmax.append(int(a))
            margin.append(float(row[a] - row[b]))
            gap.append(float(row[a] - row[tok]))
        results.append({"argmax": argmax, "margin": margin, "gap": gap})
    print(json.dumps({"results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
