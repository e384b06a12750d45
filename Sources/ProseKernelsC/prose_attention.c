// Attention/activation arithmetic of llama.cpp's CPU backend (x86, AVX2 + FMA + F16C), reproduced so
// that greedy decoding agrees with llama.cpp token for token (prose.md §5.2): the f16 dot product with
// its accumulator layout and reduction tree, the softmax exponent, and SiLU. Block by block:
// * dot_f16: element i goes to accumulator lane i mod 32 (4 registers × 8 lanes) by FMA; registers are
//   reduced (r0+r2, r1+r3, then sum), the 8 lanes folded (low+high halves, two horizontal adds); a tail
//   of n mod 32 elements is added in double.
// * exp8: exp(x) = 2^n · p(b), n = round(x·log2 e), b = x − n·ln 2 in two steps, p a degree-5 polynomial
//   (the single-precision scheme of ARM's optimized-routines, as ggml's `ggml_v_expf`), with the
//   special-case scaling for |n| > 126 that keeps large negative inputs at 0 and large positive at inf.
// * The golden greedy text was made by llama.cpp built with -march=native on an AVX-512 CPU, so these
//   follow ggml's AVX-512 forms: 16-lane accumulators (element i → lane i mod 64 of 4 registers), 16-wide
//   softmax blocks, and the 512-bit exp (p(b) including the constant term, scaled by 2^n with `scalef`).
//   On CPUs without AVX-512 the same arithmetic runs with AVX2 instructions (the *_emulated functions);
//   `prose_attention_width()` says which implementation is active (512 native, 256 emulated).
#include "prose_kernels.h"
#include "prose_internal.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__AVX2__) && defined(__FMA__) && defined(__F16C__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))

static int use_avx512 = -1;

static inline int have_avx512(void) {
    if (use_avx512 < 0) {
        __builtin_cpu_init();
        use_avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                     __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
        // HARMONIX_KERNEL_PATH naming a path without AVX-512 stands for a CPU without it (e.g. timing a
        // Zen 1's kernels on a Zen 4): the helpers then run their AVX2 emulation too (same results).
        const int path = prose_kernel_path_from_name(getenv("HARMONIX_KERNEL_PATH"));
        if (path >= 0 && path != PROSE_PATH_AVX512_VNNI) use_avx512 = 0;
    }
    return use_avx512;
}

int prose_attention_width(void) { return have_avx512() ? 512 : 256; }

void prose_set_attention_width(int bits) {
    use_avx512 = -1;
    if (bits != 512 || !have_avx512()) use_avx512 = 0;
}

// Sum of 16 lanes in the order of `_mm512_reduce_add_ps`: 256-bit halves, 128-bit halves, then
// (l0 + l2) + (l1 + l3).
AVX512 static inline float reduce_add_16(__m512 v) {
    const __m256 a = _mm256_add_ps(_mm512_extractf32x8_ps(v, 1), _mm512_castps512_ps256(v));
    const __m128 b = _mm_add_ps(_mm256_extractf128_ps(a, 1), _mm256_castps256_ps128(a));
    const __m128 c = _mm_add_ps(b, _mm_shuffle_ps(b, b, _MM_SHUFFLE(1, 0, 3, 2)));
    return _mm_cvtss_f32(c) + _mm_cvtss_f32(_mm_shuffle_ps(c, c, _MM_SHUFFLE(1, 1, 1, 1)));
}

AVX512 static inline __m512 exp16(__m512 x) {
    const __m512 shifter = _mm512_set1_ps(0x1.8p23f);
    const __m512 z = _mm512_fmadd_ps(x, _mm512_set1_ps(0x1.715476p+0f), shifter);
    const __m512 n = _mm512_sub_ps(z, shifter);
    const __m512 b = _mm512_fnmadd_ps(n, _mm512_set1_ps(0x1.7f7d1cp-20f),
                                      _mm512_fnmadd_ps(n, _mm512_set1_ps(0x1.62e4p-1f), x));
    const __mmask16 out_of_range = _mm512_cmp_ps_mask(_mm512_abs_ps(n), _mm512_set1_ps(192), _CMP_GT_OQ);
    const __m512 u = _mm512_mul_ps(b, b);
    const __m512 p = _mm512_fmadd_ps(
        _mm512_fmadd_ps(_mm512_fmadd_ps(_mm512_set1_ps(0x1.0e4020p-7f), b, _mm512_set1_ps(0x1.573e2ep-5f)), u,
                        _mm512_fmadd_ps(_mm512_set1_ps(0x1.555e66p-3f), b, _mm512_set1_ps(0x1.fffdb6p-2f))),
        u, _mm512_fmadd_ps(_mm512_set1_ps(0x1.ffffecp-1f), b, _mm512_set1_ps(1.0f)));
    const __m512 res = _mm512_scalef_ps(p, n);
    if (_mm512_kortestz(out_of_range, out_of_range)) return res;
    // |n| > 192: 0 for large negative inputs, +inf for large positive ones.
    const __m512 alt = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(n, _mm512_setzero_ps(), _CMP_LE_OQ),
                                            _mm512_set1_ps(INFINITY), _mm512_setzero_ps());
    return _mm512_mask_blend_ps(out_of_range, res, alt);
}

AVX512 static float dot_f16_512(int n, const uint16_t *x, const uint16_t *y) {
    const int np = n & ~63;
    __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
    for (int i = 0; i < np; i += 64) {
        for (int j = 0; j < 4; j++) {
            const __m512 ax = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(x + i + 16 * j)));
            const __m512 ay = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(y + i + 16 * j)));
            acc[j] = _mm512_fmadd_ps(ax, ay, acc[j]);
        }
    }
    acc[0] = _mm512_add_ps(acc[0], acc[2]);
    acc[1] = _mm512_add_ps(acc[1], acc[3]);
    acc[0] = _mm512_add_ps(acc[0], acc[1]);
    double sum = (double)reduce_add_16(acc[0]);
    for (int i = np; i < n; i++) sum += (double)(_cvtsh_ss(x[i]) * _cvtsh_ss(y[i]));
    return (float)sum;
}

AVX512 static float dot_f16_512_chunked(int n, const uint16_t *x, long stride, const uint16_t *y) {
    __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
    for (int i = 0; i < n; i += 64) {
        const uint16_t *xc = x + (long)(i / 64) * stride;
        for (int j = 0; j < 4; j++) {
            const __m512 ax = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(xc + 16 * j)));
            const __m512 ay = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(y + i + 16 * j)));
            acc[j] = _mm512_fmadd_ps(ax, ay, acc[j]);
        }
    }
    acc[0] = _mm512_add_ps(acc[0], acc[2]);
    acc[1] = _mm512_add_ps(acc[1], acc[3]);
    acc[0] = _mm512_add_ps(acc[0], acc[1]);
    return (float)(double)reduce_add_16(acc[0]);
}

AVX512 static double softmax_exp_512(int n, float *y, const float *x, float max) {
    int i = 0;
    double sum = 0;
    for (; i + 15 < n; i += 16) {
        const __m512 v = exp16(_mm512_sub_ps(_mm512_loadu_ps(x + i), _mm512_set1_ps(max)));
        _mm512_storeu_ps(y + i, v);
        sum += (double)reduce_add_16(v);
    }
    for (; i < n; i++) {
        const float v = expf(x[i] - max);
        sum += (double)v;
        y[i] = v;
    }
    return sum;
}

AVX512 static void swiglu_512(int n, float *y, const float *gate, const float *up) {
    int i = 0;
    for (; i + 15 < n; i += 16) {
        const __m512 g = _mm512_loadu_ps(gate + i);
        const __m512 e = exp16(_mm512_sub_ps(_mm512_setzero_ps(), g));
        const __m512 silu = _mm512_div_ps(g, _mm512_add_ps(_mm512_set1_ps(1), e));
        _mm512_storeu_ps(y + i, _mm512_mul_ps(silu, _mm512_loadu_ps(up + i)));
    }
    for (; i < n; i++) y[i] = gate[i] / (1.0f + expf(-gate[i])) * up[i];
}

// ---- The AVX-512 arithmetic with AVX2 instructions (CPUs without AVX-512) ----
// Same lane assignment, same reduction tree, same exp: a 16-lane register is a (low, high) pair of
// 8-lane registers; `scalef(p, n)` = p·2^⌊n/2⌋·2^(n−⌊n/2⌋), where the first product is exact (a power
// of two applied to a normal number), so the single rounding equals scalef's.
static inline __m256 pow2i(__m256i e) {  // 2^e for −126 ≤ e ≤ 127
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(e, _mm256_set1_epi32(127)), 23));
}

static inline __m256 exp16_emulated(__m256 x) {
    const __m256 shifter = _mm256_set1_ps(0x1.8p23f);
    const __m256 z = _mm256_fmadd_ps(x, _mm256_set1_ps(0x1.715476p+0f), shifter);
    const __m256 n = _mm256_sub_ps(z, shifter);
    const __m256 b = _mm256_fnmadd_ps(n, _mm256_set1_ps(0x1.7f7d1cp-20f),
                                      _mm256_fnmadd_ps(n, _mm256_set1_ps(0x1.62e4p-1f), x));
    const __m256 absn = _mm256_andnot_ps(_mm256_set1_ps(-0.f), n);
    const __m256 out_of_range = _mm256_cmp_ps(absn, _mm256_set1_ps(192), _CMP_GT_OQ);
    const __m256 u = _mm256_mul_ps(b, b);
    const __m256 p = _mm256_fmadd_ps(
        _mm256_fmadd_ps(_mm256_fmadd_ps(_mm256_set1_ps(0x1.0e4020p-7f), b, _mm256_set1_ps(0x1.573e2ep-5f)), u,
                        _mm256_fmadd_ps(_mm256_set1_ps(0x1.555e66p-3f), b, _mm256_set1_ps(0x1.fffdb6p-2f))),
        u, _mm256_fmadd_ps(_mm256_set1_ps(0x1.ffffecp-1f), b, _mm256_set1_ps(1.0f)));
    // n is integral; clamp (NaN → −192 via the ordered compare) before building powers of two.
    __m256 nc = _mm256_min_ps(_mm256_max_ps(n, _mm256_set1_ps(-192)), _mm256_set1_ps(192));
    nc = _mm256_blendv_ps(_mm256_set1_ps(-192), nc, _mm256_cmp_ps(n, n, _CMP_ORD_Q));
    const __m256i ni = _mm256_cvtps_epi32(nc);
    const __m256i lo = _mm256_srai_epi32(ni, 1);
    const __m256 res = _mm256_mul_ps(_mm256_mul_ps(p, pow2i(lo)), pow2i(_mm256_sub_epi32(ni, lo)));
    const __m256 alt = _mm256_blendv_ps(_mm256_set1_ps(INFINITY), _mm256_setzero_ps(),
                                        _mm256_cmp_ps(n, _mm256_setzero_ps(), _CMP_LE_OQ));
    return _mm256_blendv_ps(res, alt, out_of_range);
}

// `_mm512_reduce_add_ps` of the 16 lanes (lo = lanes 0–7, hi = lanes 8–15).
static inline float reduce_add_16_emulated(__m256 lo, __m256 hi) {
    const __m256 a = _mm256_add_ps(hi, lo);
    const __m128 b = _mm_add_ps(_mm256_extractf128_ps(a, 1), _mm256_castps256_ps128(a));
    const __m128 c = _mm_add_ps(b, _mm_shuffle_ps(b, b, _MM_SHUFFLE(1, 0, 3, 2)));
    return _mm_cvtss_f32(c) + _mm_cvtss_f32(_mm_shuffle_ps(c, c, _MM_SHUFFLE(1, 1, 1, 1)));
}

// Element i of a 64-block → register i/16 (j), lane i mod 16 (low or high half).
static float dot_f16_emulated(int n, const uint16_t *x, long stride, const uint16_t *y) {
    __m256 lo[4], hi[4];
    for (int j = 0; j < 4; j++) { lo[j] = _mm256_setzero_ps(); hi[j] = _mm256_setzero_ps(); }
    const int np = n & ~63;
    for (int i = 0; i < np; i += 64) {
        const uint16_t *xc = stride ? x + (long)(i / 64) * stride : x + i;
        for (int j = 0; j < 4; j++) {
            lo[j] = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(xc + 16 * j))),
                                    _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(y + i + 16 * j))), lo[j]);
            hi[j] = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(xc + 16 * j + 8))),
                                    _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(y + i + 16 * j + 8))), hi[j]);
        }
    }
    lo[0] = _mm256_add_ps(lo[0], lo[2]); hi[0] = _mm256_add_ps(hi[0], hi[2]);
    lo[1] = _mm256_add_ps(lo[1], lo[3]); hi[1] = _mm256_add_ps(hi[1], hi[3]);
    lo[0] = _mm256_add_ps(lo[0], lo[1]); hi[0] = _mm256_add_ps(hi[0], hi[1]);
    double sum = (double)reduce_add_16_emulated(lo[0], hi[0]);
    for (int i = np; i < n; i++) sum += (double)(_cvtsh_ss(x[i]) * _cvtsh_ss(y[i]));
    return (float)sum;
}

static double softmax_exp_emulated(int n, float *y, const float *x, float max) {
    int i = 0;
    double sum = 0;
    for (; i + 15 < n; i += 16) {
        const __m256 vlo = exp16_emulated(_mm256_sub_ps(_mm256_loadu_ps(x + i), _mm256_set1_ps(max)));
        const __m256 vhi = exp16_emulated(_mm256_sub_ps(_mm256_loadu_ps(x + i + 8), _mm256_set1_ps(max)));
        _mm256_storeu_ps(y + i, vlo);
        _mm256_storeu_ps(y + i + 8, vhi);
        sum += (double)reduce_add_16_emulated(vlo, vhi);
    }
    for (; i < n; i++) {
        const float v = expf(x[i] - max);
        sum += (double)v;
        y[i] = v;
    }
    return sum;
}

static void swiglu_emulated(int n, float *y, const float *gate, const float *up) {
    const int n16 = n & ~15;   // the AVX-512 form covers whole 16-blocks, then a scalar tail
    int i = 0;
    for (; i < n16; i += 8) {
        const __m256 g = _mm256_loadu_ps(gate + i);
        const __m256 e = exp16_emulated(_mm256_sub_ps(_mm256_setzero_ps(), g));
        const __m256 silu = _mm256_div_ps(g, _mm256_add_ps(_mm256_set1_ps(1), e));
        _mm256_storeu_ps(y + i, _mm256_mul_ps(silu, _mm256_loadu_ps(up + i)));
    }
    for (; i < n; i++) y[i] = gate[i] / (1.0f + expf(-gate[i])) * up[i];
}

float prose_vec_dot_f16(int n, const uint16_t *x, const uint16_t *y) {
    return have_avx512() ? dot_f16_512(n, x, y) : dot_f16_emulated(n, x, 0, y);
}

float prose_vec_dot_f16_chunked(int n, const uint16_t *x, long chunk_stride, const uint16_t *y) {
    return have_avx512() ? dot_f16_512_chunked(n, x, chunk_stride, y) : dot_f16_emulated(n, x, chunk_stride, y);
}

double prose_softmax_exp(int n, float *y, const float *x, float max) {
    return have_avx512() ? softmax_exp_512(n, y, x, max) : softmax_exp_emulated(n, y, x, max);
}

void prose_swiglu(int n, float *y, const float *gate, const float *up) {
    if (have_avx512()) swiglu_512(n, y, gate, up); else swiglu_emulated(n, y, gate, up);
}
#else
int prose_attention_width(void) { return 0; }
void prose_set_attention_width(int bits) { (void)bits; }

float prose_vec_dot_f16(int n, const uint16_t *x, const uint16_t *y) {
    double sum = 0;
    for (int i = 0; i < n; i++) sum += (double)(prose_h2f(x[i]) * prose_h2f(y[i]));
    return (float)sum;
}

float prose_vec_dot_f16_chunked(int n, const uint16_t *x, long chunk_stride, const uint16_t *y) {
    double sum = 0;
    for (int i = 0; i < n; i++) sum += (double)(prose_h2f(x[(long)(i / 64) * chunk_stride + i % 64]) * prose_h2f(y[i]));
    return (float)sum;
}

double prose_softmax_exp(int n, float *y, const float *x, float max) {
    double sum = 0;
    for (int i = 0; i < n; i++) { y[i] = expf(x[i] - max); sum += y[i]; }
    return sum;
}

void prose_swiglu(int n, float *y, const float *gate, const float *up) {
    for (int i = 0; i < n; i++) y[i] = gate[i] / (1.0f + expf(-gate[i])) * up[i];
}
#endif

void prose_rope_pairs(int n_dims, float *x, const float *cs) {
    for (int i = 0; i < n_dims; i += 2) {
        const float c = cs[i], s = cs[i + 1];
        const float x0 = x[i], x1 = x[i + 1];
        x[i] = x0 * c - x1 * s;
        x[i + 1] = x0 * s + x1 * c;
    }
}
