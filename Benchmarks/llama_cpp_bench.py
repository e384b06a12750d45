#!/usr/bin/env python3
"""Times llama.cpp (through llama-cpp-python) on the same task as `harmonix bench prose`.

Greedy decoding of N tokens from a prompt, after one warm-up generation, with the given thread count.
Prints the continuation and, on the last line, one JSON object:
{"prompt_tok_s": ..., "decode_tok_s": ..., "tokens": ..., "text": ...}
Prompt tok/s = prompt tokens / prompt-eval time; decode tok/s = (generated − 1) / (time of the
whole decode loop: sampling and the forward passes), the same definitions as the Swift side.

Run with the virtual environment made by Benchmarks/setup_llama_cpp.sh:
  .venv-llama-cpp/bin/python Benchmarks/llama_cpp_bench.py --model Models/SmolLM2-135M-Instruct.Q4_1.gguf
"""
import argparse
import json
import time

import llama_cpp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="Models/SmolLM2-135M-Instruct.Q4_1.gguf")
    ap.add_argument("--prompt", default="The field resonates.")
    ap.add_argument("--tokens", type=int, default=256)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ctx", type=int, default=2048)
    args = ap.parse_args()

    llm = llama_cpp.Llama(model_path=args.model, n_ctx=args.ctx, n_threads=args.threads,
                          n_threads_batch=args.threads, n_gpu_layers=0, verbose=False)
    prompt_ids = llm.tokenize(args.prompt.encode("utf-8"), add_bos=llm.metadata.get("tokenizer.ggml.add_bos_token") == "true", special=True)
    # The prompt goes in as one batch (llama.cpp's normal prompt processing).

    def run(n):
        llm.reset()
        t0 = time.perf_counter()
        llm.eval(prompt_ids)
        t1 = time.perf_counter()
        out = []
        while len(out) < n:
            # End-of-generation tokens are not a stop here: both engines decode exactly n tokens.
            tok = int(llama_cpp.llama_sampler_sample(greedy, llm.ctx, -1))
            out.append(tok)
            if len(out) == n:
                break
            llm.eval([tok])
        t2 = time.perf_counter()
        return out, t1 - t0, t2 - t1, max(len(out) - 1, 1)

    greedy = llama_cpp.llama_sampler_init_greedy()
    run(16)  # warm-up
    out, prompt_s, decode_s, decode_n = run(args.tokens)
    text = llm.detokenize(out).decode("utf-8", errors="replace")
    print(text)
    print(json.dumps({"prompt_tok_s": len(prompt_ids) / prompt_s, "decode_tok_s": decode_n / decode_s,
                      "tokens": len(out), "text": text, "prompt_ids": prompt_ids, "ids": out}))


if __name__ == "__main__":
    main()
