#ifndef NANOGPT_KERNELS_C_H
#define NANOGPT_KERNELS_C_H
/* Sonnet's AVX-512 path, which Swift cannot express: Swift has no per-function target attributes and
 * the Swift targets are compiled for AVX2 only, so the AVX-512 GEMM micro-kernel and the element-wise
 * kernels around it live here, compiled for AVX-512 per function and chosen at run time (the target
 * still loads on AVX2-only CPUs). See Sources/NanoGPTEngine/Kernels/Gemm.swift. */

/* Path codes. AVX2 is the Swift 6x16 kernel (every supported CPU); AVX512 is sonnet_gemm_avx512. */
#define SONNET_GEMM_AVX2 0
#define SONNET_GEMM_AVX512 1

/* 1 when this CPU can run `path` (AVX2+FMA; AVX-512 F). */
int sonnet_gemm_path_supported(int path);
/* The widest path this CPU runs. */
int sonnet_gemm_path_detected(void);
/* The path in use: HARMONIX_SONNET_GEMM_PATH (avx2 | avx512) when set and runnable, else detected. */
int sonnet_gemm_path(void);
/* 0 = the variable is unset or valid, 1 = unknown name, 2 = this CPU cannot run it. */
int sonnet_gemm_path_env_error(void);
/* -1 for an unknown name. */
int sonnet_gemm_path_from_name(const char *name);
/* Switches later multiplies to `path`; returns 0 (and changes nothing) when the CPU cannot run it. */
int sonnet_set_gemm_path(int path);

/* The time-stamp counter (constant rate on the CPUs we run on), for the forward pass's section
 * breakdown (`bench sonnet`); 0 where there is none. */
#if defined(__x86_64__)
static inline unsigned long long sonnet_cycles(void) { return __builtin_ia32_rdtsc(); }
#else
static inline unsigned long long sonnet_cycles(void) { return 0; }
#endif

/* Asks L2 for the line holding `p` (prefetcht1): the Swift AVX2 kernel's weight prefetch. */
static inline void sonnet_prefetch_l2(const void *p) { __builtin_prefetch(p, 0, 2); }

/* C[rows][n] = A.B + bias (+ C when accumulate), n a multiple of 16; B[k][j] at
 * b + (j/16)*panel_stride + k*ldb + j%16. Same per-element arithmetic as the Swift AVX2 kernel:
 * acc = 0, acc = fma(a[k], b[k], acc) for k in 256-deep blocks, then (acc + bias-or-0) (+ C).
 * Reads exactly `rows` rows of A. Call only when sonnet_gemm_path_supported(SONNET_GEMM_AVX512). */
void sonnet_gemm_avx512(int rows, int k, int n, const float *a, int lda, const float *b, int ldb,
                        int panel_stride, const float *bias, float *c, int ldc, int accumulate);

/* VectorMath.geluRows on 16 lanes, bit-identical to the Swift one (width a multiple of 16), and
 * VectorMath.causalSoftmaxRow over `rows` rows `ld` apart whose last visible entries are
 * first_last, first_last + 1, ... (width a multiple of 8, at most 64). Only with the AVX512 path. */
void sonnet_gelu_rows_avx512(float *p, int rows, int width, int ld);
void sonnet_causal_softmax_rows_avx512(float *scores, int ld, int rows, int first_last, int width, float scale);
/* Kᵀ of one head: kt[dim * ldkt + j] = keys[j * ldk + dim] for dim < 32, j < t (columns ≥ t are not
 * written, as in the Swift loop). Only with the AVX512 path. */
void sonnet_transpose_keys_avx512(const float *keys, int ldk, int t, float *kt, int ldkt);
/* The same copy for the AVX2 path, any CPU (4 x 4 blocks in SSE registers). */
void sonnet_transpose_keys(const float *keys, int ldk, int t, float *kt, int ldkt);

/* VectorMath.layerNorm (128 features, rows contiguous), bit-identical. Only with the AVX512 path. */
void sonnet_layer_norm_avx512(const float *x, float *out, int rows, const float *weight, const float *bias,
                              float epsilon);

#endif
