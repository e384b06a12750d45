/* The AVX-512 GEMM path of Sonnet's NanoGPT (see NanoGPTKernelsC.h).
 *
 * Why C: the Swift targets are compiled with -mavx2 -mfma only and Swift has no per-function target
 * attribute, so a 512-bit kernel that must still load on AVX2-only CPUs (Zen 1) is written here with
 * __attribute__((target)) and selected at run time.
 *
 * Bit-identity with the Swift AVX2 kernel (texts are compared exactly across CPUs): every C element is
 * acc = 0; acc = fma(A[r][k], B[k][j], acc) for k in order inside 256-deep blocks; then acc + bias (or
 * + 0, which turns -0 into +0 exactly as the Swift code does) and + C when accumulating, one rounding
 * each. Only the tile shape differs. Built with -ffp-contract=off so no mul/add pair is fused behind
 * our back. */
#include "NanoGPTKernelsC.h"
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

enum { DEPTH_BLOCK = 256 };

static int avx2_supported(void) {
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

int sonnet_gemm_path_supported(int path) {
#if defined(__x86_64__)
    switch (path) {
    case SONNET_GEMM_AVX2: return avx2_supported();
    case SONNET_GEMM_AVX512: return avx2_supported() && __builtin_cpu_supports("avx512f");
    default: return 0;
    }
#else
    (void)path;
    return 0;
#endif
}

int sonnet_gemm_path_detected(void) {
    return sonnet_gemm_path_supported(SONNET_GEMM_AVX512) ? SONNET_GEMM_AVX512 : SONNET_GEMM_AVX2;
}

int sonnet_gemm_path_from_name(const char *name) {
    if (name == NULL) return -1;
    if (strcmp(name, "avx2") == 0) return SONNET_GEMM_AVX2;
    if (strcmp(name, "avx512") == 0) return SONNET_GEMM_AVX512;
    return -1;
}

/* -1 until first read; then the path. Racing first readers compute the same value. */
static _Atomic int current_path = -1;
static _Atomic int env_error = 0;

int sonnet_gemm_path(void) {
    int p = atomic_load_explicit(&current_path, memory_order_relaxed);
    if (p >= 0) return p;
    p = sonnet_gemm_path_detected();
    const char *env = getenv("HARMONIX_SONNET_GEMM_PATH");
    if (env != NULL && env[0] != 0) {
        const int want = sonnet_gemm_path_from_name(env);
        if (want < 0) atomic_store(&env_error, 1);
        else if (!sonnet_gemm_path_supported(want)) atomic_store(&env_error, 2);
        else p = want;
    }
    atomic_store_explicit(&current_path, p, memory_order_relaxed);
    return p;
}

int sonnet_gemm_path_env_error(void) {
    (void)sonnet_gemm_path();
    return atomic_load(&env_error);
}

int sonnet_set_gemm_path(int path) {
    (void)sonnet_gemm_path();   /* read the environment first so it cannot override this choice later */
    if (!sonnet_gemm_path_supported(path)) return 0;
    atomic_store_explicit(&current_path, path, memory_order_relaxed);
    return 1;
}

#if defined(__x86_64__)
#define T512 __attribute__((target("avx512f,avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

/* Rows per tile. 8 rows x 2 panels (32 columns) = 16 zmm accumulators: per k step 2 loads of B,
 * 8 broadcast loads of A folded into the FMAs, 16 FMAs = 8 cycles on two 512-bit FMA ports, enough
 * independent chains (16) for 4-cycle latency x 2 ports; 8 divides the 64-row window. Measured on
 * Emerald Rapids, one core, the model's shapes (64x128x384 ... 64x512x128) with B in L2: 172-175
 * GFLOP/s = 98% of the 512-bit probe; 12 rows (24 accumulators) measured the same within noise.
 * -DSONNET_ROW_BLOCK=12 builds that variant for such comparisons. */
#ifndef SONNET_ROW_BLOCK
#define SONNET_ROW_BLOCK 8
#endif
enum { ROW_BLOCK = SONNET_ROW_BLOCK };

/* One R x (16*P) tile over k <= 256, R and P compile-time constants after inlining. */
INLINE T512 void tile(const int R, const int P, int k, const float *a, int lda, const float *b, int ldb,
                      int panel_stride, const float *bias, float *c, int ldc, int accumulate,
                      const float *pf, int pf_lines) {
    __m512 acc[ROW_BLOCK][2];
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) {
        acc[r][0] = _mm512_setzero_ps();
        acc[r][1] = _mm512_setzero_ps();
    }
    const float *b0 = b, *b1 = b + panel_stride;
    for (int kk = 0; kk < k; kk++) {
        if (kk < pf_lines) _mm_prefetch((const char *)(pf + (size_t)kk * 16), _MM_HINT_T1);
        const __m512 x0 = _mm512_loadu_ps(b0 + (size_t)kk * ldb);
        const __m512 x1 = P > 1 ? _mm512_loadu_ps(b1 + (size_t)kk * ldb) : x0;
#pragma clang loop unroll(full)
        for (int r = 0; r < R; r++) {
            const __m512 s = _mm512_set1_ps(a[(size_t)r * lda + kk]);
            acc[r][0] = _mm512_fmadd_ps(s, x0, acc[r][0]);
            if (P > 1) acc[r][1] = _mm512_fmadd_ps(s, x1, acc[r][1]);
        }
    }
    const __m512 bias0 = bias ? _mm512_loadu_ps(bias) : _mm512_setzero_ps();
    const __m512 bias1 = bias && P > 1 ? _mm512_loadu_ps(bias + 16) : _mm512_setzero_ps();
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) {
        float *dst = c + (size_t)r * ldc;
        __m512 v0 = _mm512_add_ps(acc[r][0], bias0);
        if (accumulate) v0 = _mm512_add_ps(v0, _mm512_loadu_ps(dst));
        _mm512_storeu_ps(dst, v0);
        if (P > 1) {
            __m512 v1 = _mm512_add_ps(acc[r][1], bias1);
            if (accumulate) v1 = _mm512_add_ps(v1, _mm512_loadu_ps(dst + 16));
            _mm512_storeu_ps(dst + 16, v1);
        }
    }
}

#define TILE_CASE(R)                                                                             \
    case R:                                                                                      \
        if (P == 2) tile(R, 2, k, a, lda, b, ldb, panel_stride, bias, c, ldc, accumulate, pf, pf_lines); \
        else tile(R, 1, k, a, lda, b, ldb, panel_stride, bias, c, ldc, accumulate, pf, pf_lines);        \
        break;

/* Dispatches the row count of a (possibly partial) row block to its specialised tile. */
static T512 void tile_rows(int rows, int P, int k, const float *a, int lda, const float *b, int ldb,
                           int panel_stride, const float *bias, float *c, int ldc, int accumulate,
                           const float *pf, int pf_lines) {
    switch (rows) {
        TILE_CASE(1) TILE_CASE(2) TILE_CASE(3) TILE_CASE(4)
        TILE_CASE(5) TILE_CASE(6) TILE_CASE(7) TILE_CASE(8)
#if SONNET_ROW_BLOCK > 8
        TILE_CASE(9) TILE_CASE(10) TILE_CASE(11) TILE_CASE(12)
#endif
#if SONNET_ROW_BLOCK > 12
        TILE_CASE(13) TILE_CASE(14)
#endif
    default: break;
    }
}

static T512 void gemm_block(int rows, int k, int n, const float *a, int lda, const float *b, int ldb,
                            int panel_stride, const float *bias, float *c, int ldc, int accumulate) {
    const int panels = n / 16;
    /* Panel pairs outer, row blocks inner: the pair (2 x 16 x k floats, <= 32 KiB) stays in L1 while
     * every row block of A streams past it. */
    const int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
    for (int p = 0; p < panels; p += 2) {
        const int P = panels - p >= 2 ? 2 : 1;
        const float *bp = b + (size_t)p * panel_stride;
        const float *biasp = bias ? bias + p * 16 : NULL;
        /* The model's 3 MiB of weights do not fit L2, so panels arrive from L3. While this pair is
         * in use, the row blocks ask L2 for the next pair (packed panels only: k contiguous 64-byte
         * lines each), one line per k step, each row block a contiguous share of one panel. */
        const int next = ldb == 16 && p + 2 < panels ? (panels - p - 2 >= 2 ? 2 : 1) : 0;
        const int share = next ? (next * k + blocks - 1) / blocks : 0;
        int line = 0;
        for (int r = 0; r < rows; r += ROW_BLOCK) {
            const int count = rows - r < ROW_BLOCK ? rows - r : ROW_BLOCK;
            const int panel = line / k, offset = line % k;
            const int n_lines = panel < next ? (share < k - offset ? share : k - offset) : 0;
            const float *pf = bp + (size_t)(2 + panel) * panel_stride + (size_t)offset * 16;
            line += n_lines;
            tile_rows(count, P, k, a + (size_t)r * lda, lda, bp, ldb, panel_stride, biasp,
                      c + (size_t)r * ldc + p * 16, ldc, accumulate, pf, n_lines);
        }
    }
}

T512 void sonnet_gemm_avx512(int rows, int k, int n, const float *a, int lda, const float *b, int ldb,
                             int panel_stride, const float *bias, float *c, int ldc, int accumulate) {
    /* The same 256-deep k-blocking as the Swift kernel: it fixes where each element's sum is
     * rounded into C, so it is part of the result, not only of the speed. */
    if (rows <= 0 || n <= 0) return;   /* nothing to write (the Swift kernel's loops do the same) */
    for (int k0 = 0; k0 < k; k0 += DEPTH_BLOCK) {
        const int depth = k - k0 < DEPTH_BLOCK ? k - k0 : DEPTH_BLOCK;
        gemm_block(rows, depth, n, a + k0, lda, b + (size_t)k0 * ldb, ldb, panel_stride,
                   k0 == 0 ? bias : NULL, c, ldc, k0 == 0 ? accumulate : 1);
    }
}
#else
void sonnet_gemm_avx512(int rows, int k, int n, const float *a, int lda, const float *b, int ldb,
                        int panel_stride, const float *bias, float *c, int ldc, int accumulate) {
    (void)rows; (void)k; (void)n; (void)a; (void)lda; (void)b; (void)ldb;
    (void)panel_stride; (void)bias; (void)c; (void)ldc; (void)accumulate;
    abort();
}
#endif
