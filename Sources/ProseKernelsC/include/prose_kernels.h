// AVX2 integer dot-product kernels of the Prose engine (the one thing Swift SIMD cannot express
// efficiently: `vpmaddubsw`/`vpmaddwd`). Each function has a Swift oracle in
// Sources/Prose/Engine/Kernels/ computing the same sums in the same lane order; tests compare them.
#ifndef PROSE_KERNELS_H
#define PROSE_KERNELS_H
#include <stddef.h>
#include <stdint.h>

/// The x86 `pause` spin-wait hint (a no-op elsewhere), for the matvec pool's spinning workers.
void prose_cpu_pause(void);

/// 1 when these kernels were compiled with AVX2 (otherwise every function is a portable scalar loop).
int prose_kernels_have_avx2(void);

/// x[0..<n] → Q8_0 blocks (f16 d, 32 × int8), d = max|x|/127, q = round-half-even(x·127/max|x|).
void prose_quantize_q8_0(const float *x, void *dst, int n);
/// x[0..<n] → Q8_1 blocks (f16 d, f16 d·Σq, 32 × int8).
void prose_quantize_q8_1(const float *x, void *dst, int n);

/// y[r] = W[r]·a for r in [r0, r1): Q4_1 weights (20-byte blocks) × Q8_1 activations.
void prose_matvec_q4_1_q8_1(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y);
/// y[r] = W[r]·a for r in [r0, r1): Q8_0 weights (34-byte blocks) × Q8_0 activations.
void prose_matvec_q8_0_q8_0(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y);
/// y[r] = W[r]·a for r in [r0, r1): Q4_0 weights (18-byte blocks) × Q8_0 activations.
void prose_matvec_q4_0_q8_0(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y);

#endif
