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

// ---- Matvecs over weights repacked 8 rows at a time (prose_matvec_x8.c), one path per CPU kind ----
// Bit-identical to the row-major matvecs above on every path; layout and reasoning in the .c file.

#define PROSE_X8_Q4_1 1
#define PROSE_X8_Q8_0 2
#define PROSE_PATH_PORTABLE 0
#define PROSE_PATH_AVX2_128 1
#define PROSE_PATH_AVX2 2
#define PROSE_PATH_AVX512_VNNI 3

/// Bytes of one 8-row group of an `n`-column matrix of `type` (PROSE_X8_*) in the x8 layout.
size_t prose_x8_group_bytes(int type, int n);
/// Repacks groups [g0, g1) of a row-major matrix (`rows` rows, `row_bytes` apart) into `dst` (the whole
/// packed matrix: group g at g·group_bytes); rows past `rows` are zero.
void prose_pack_x8(int type, const void *src, size_t row_bytes, int rows, int n, int g0, int g1, void *dst);
/// Repacks groups [g0, g1) of a row-major Q5_0 matrix (22-byte blocks) into the x8 Q8_0 layout (the
/// values as int8, the scales unchanged: exact), read by `prose_matvec_x8_q8_0` (prose_pack_q5_0.c).
void prose_pack_x8_q5_0(const void *src, size_t row_bytes, int rows, int n, int g0, int g1, void *dst);
/// Bytes of `n` activations expanded for the x8 kernels (allocate 64-byte aligned).
size_t prose_x8_activation_bytes(int n);
/// Expands Q8_1 (`with_sum` = 1, 36-byte blocks) or Q8_0 (34-byte blocks) activations for the x8 kernels.
void prose_expand_activations(int n, const void *q8, int with_sum, void *dst);
/// y[r] = W[r]·a for r in [r0, r1) ∩ [0, rows): x8-packed Q4_1 weights × expanded Q8_1 activations.
void prose_matvec_x8_q4_1(int n, const void *packed, int rows, int r0, int r1, const void *act, float *y);
/// The same for x8-packed Q8_0 weights × expanded Q8_0 activations.
void prose_matvec_x8_q8_0(int n, const void *packed, int rows, int r0, int r1, const void *act, float *y);

/// Y[t][r] = W[r]·acts[t] for t in [0, tokens), r in [r0, r1) ∩ [0, rows): the batched prompt product
/// over x8-packed weights of `type` (PROSE_X8_*); acts[t] = expanded activations of token t, row t of Y at
/// y + t·y_stride. Each value is bit-identical to the one-token matvec (prose_matmul_x8.c).
void prose_matmul_x8(int type, int n, const void *packed, int rows, int r0, int r1, int tokens,
                     const void *const *acts, float *y, size_t y_stride);

/// y[r] = W[r]·a for r in [r0, r1): Q4_K (144-byte blocks) / Q5_K (176) / Q6_K (210) weights × Q8_K
/// activations, on the path `prose_kernel_path` names; bit-identical to the Swift oracles (prose_kquant.c).
void prose_matvec_q4_K_q8_K(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y);
void prose_matvec_q5_K_q8_K(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y);
void prose_matvec_q6_K_q8_K(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y);
/// Y[t][r] = W[r]·acts[t] for K-quant weights (`type` = ggml code 12 Q4_K, 13 Q5_K, 14 Q6_K) and the
/// tokens' Q8_K activations; row t of Y at y + t·y_stride; bit-identical to the matvecs above.
void prose_matmul_kquant(int type, int n, const void *w, size_t row_bytes, int r0, int r1, int tokens,
                         const void *const *acts, float *y, size_t y_stride);

/// The x8 kernels' path (PROSE_PATH_*): `HARMONIX_KERNEL_PATH` (avx512vnni | avx2 | avx2-128 |
/// portable) when set and supported, else the best for this CPU (avx2-128 on Zen 1 / Zen+).
int prose_kernel_path(void);
/// The path this CPU would get without the environment variable.
int prose_kernel_path_detected(void);
/// 1 when this CPU can run `path`.
int prose_kernel_path_supported(int path);
/// Forces a path; 0 (and no change) when the CPU cannot run it.
int prose_set_kernel_path(int path);
/// 0, or 1 = `HARMONIX_KERNEL_PATH` names no path, 2 = the CPU cannot run the named path.
int prose_kernel_path_env_error(void);
/// PROSE_PATH_* for a name, −1 for an unknown name.
int prose_kernel_path_from_name(const char *name);
/// 1 on CPUs that execute 256-bit operations as two 128-bit halves (AMD Zen 1 / Zen+).
int prose_cpu_splits_256(void);

#endif
