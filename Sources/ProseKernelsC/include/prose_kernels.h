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

/// 1 when the matvecs use AVX-512 VNNI (`vpdpbusd`; detected at first use), else 0 (AVX2).
int prose_kernels_use_vnni(void);
/// Turns VNNI off (0) or back on where the CPU has it (1); the results are identical, this is for
/// benchmarks and tests.
void prose_kernels_set_vnni(int on);

/// y[r] = W[r]·a for r in [r0, r1): Q4_1 weights (20-byte blocks) × Q8_1 activations.
void prose_matvec_q4_1_q8_1(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y);
/// y[r] = W[r]·a for r in [r0, r1): Q8_0 weights (34-byte blocks) × Q8_0 activations.
void prose_matvec_q8_0_q8_0(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y);
/// y[r] = W[r]·a for r in [r0, r1): Q4_0 weights (18-byte blocks) × Q8_0 activations.
void prose_matvec_q4_0_q8_0(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y);


// ---- Attention and activation helpers with llama.cpp's float arithmetic (its x86 AVX-512 path) ----
// The model is sensitive enough that the order of f32 sums and the exp approximation decide greedy
// tokens; these reproduce ggml-cpu's `ggml_vec_dot_f16`, `ggml_vec_soft_max_f32` and
// `ggml_vec_swiglu_f32` operation for operation.

/// 512 when the helpers below run on AVX-512 (CPU support detected at first use), 256 when the same
/// AVX-512 arithmetic is emulated with AVX2 instructions, 0 for the portable fallback. Callers pad softmax inputs with −∞ to a multiple of 16 and f16 dot
/// products over positions with zeros to a multiple of 64 (valid for both widths).
int prose_attention_width(void);
/// Forces the AVX2 emulation (256) or, when the CPU has it, native AVX-512 (512); for tests.
void prose_set_attention_width(int bits);

/// Σ x[i]·y[i] over f16 vectors: 4×8 f32 FMA accumulators over blocks of 32, tree reduction, tail in double.
float prose_vec_dot_f16(int n, const uint16_t *x, const uint16_t *y);
/// The same sum over `n` (a multiple of 64) elements of x stored in chunks of 64 that are
/// `chunk_stride` elements apart (the blocked V cache), y contiguous.
float prose_vec_dot_f16_chunked(int n, const uint16_t *x, long chunk_stride, const uint16_t *y);
/// y[i] = exp(x[i] − max) (8-wide polynomial exp, scalar expf for a tail) and returns Σ y in double,
/// each 8-block summed in float first.
double prose_softmax_exp(int n, float *y, const float *x, float max);
/// y[i] = silu(gate[i])·up[i] with silu(x) = x / (1 + exp(−x)) (8-wide polynomial exp).
void prose_swiglu(int n, float *y, const float *gate, const float *up);
/// In-place rotation of adjacent pairs: (x0, x1) ← (x0·c − x1·s, x0·s + x1·c), cs = [c0, s0, c1, s1, …].
void prose_rope_pairs(int n_dims, float *x, const float *cs);

#endif
