// AVX2 kernels for Q4_1×Q8_1, Q8_0×Q8_0 and Q4_0×Q8_0 dot products and the Q8_0/Q8_1 activation
// quantisers. They reproduce ggml's x86 kernels' arithmetic (integer sums of 4 products per float
// lane, fused multiply-add per block, `hsum_float_8` at the end), which is what llama.cpp's greedy
// output depends on. Block layouts: see the Swift kernel files of the same type.
#include "prose_kernels.h"
#include "prose_internal.h"
#include <math.h>
#include <string.h>
#if defined(__AVX2__) && defined(__FMA__) && defined(__F16C__)
#include <immintrin.h>
#define PROSE_AVX2 1
#else
#define PROSE_AVX2 0
#endif

int prose_kernels_have_avx2(void) { return PROSE_AVX2; }

void prose_cpu_pause(void) {
#if PROSE_AVX2
    _mm_pause();
#endif
}

static inline uint16_t float_to_half(float f) {
#if PROSE_AVX2
    return _cvtss_sh(f, 0);  // round to nearest even, as ggml's F16C conversion
#else
    _Float16 h = (_Float16)f; uint16_t u; memcpy(&u, &h, 2); return u;
#endif
}

#if PROSE_AVX2
static inline float hsum_float_8(const __m256 x) {
    __m128 res = _mm256_extractf128_ps(x, 1);
    res = _mm_add_ps(res, _mm256_castps256_ps128(x));
    res = _mm_add_ps(res, _mm_movehl_ps(res, res));
    res = _mm_add_ss(res, _mm_movehdup_ps(res));
    return _mm_cvtss_f32(res);
}

static inline int hsum_i32_8(const __m256i a) {
    const __m128i sum128 = _mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extractf128_si256(a, 1));
    const __m128i hi64 = _mm_unpackhi_epi64(sum128, sum128);
    const __m128i sum64 = _mm_add_epi32(hi64, sum128);
    const __m128i hi32 = _mm_shuffle_epi32(sum64, _MM_SHUFFLE(2, 3, 0, 1));
    return _mm_cvtsi128_si32(_mm_add_epi32(sum64, hi32));
}

// 32 nibbles of 16 bytes: low nibbles in bytes 0..15, high nibbles in bytes 16..31.
static inline __m256i bytes_from_nibbles_32(const uint8_t *rsi) {
    const __m128i tmp = _mm_loadu_si128((const __m128i *)rsi);
    const __m256i bytes = _mm256_insertf128_si256(_mm256_castsi128_si256(tmp), _mm_srli_epi16(tmp, 4), 1);
    return _mm256_and_si256(_mm256_set1_epi8(0x0F), bytes);
}

// unsigned × signed bytes → 8 float lanes, each the sum of 4 adjacent products.
static inline __m256 mul_sum_us8_pairs_float(const __m256i ax, const __m256i sy) {
    const __m256i dot = _mm256_maddubs_epi16(ax, sy);
    return _mm256_cvtepi32_ps(_mm256_madd_epi16(dot, _mm256_set1_epi16(1)));
}

static inline __m256 mul_sum_i8_pairs_float(const __m256i x, const __m256i y) {
    const __m256i ax = _mm256_sign_epi8(x, x);
    const __m256i sy = _mm256_sign_epi8(y, x);
    return mul_sum_us8_pairs_float(ax, sy);
}

static void quantize_block(const float *x, float *d_out, int8_t *q, int *sum_out) {
    __m256 v0 = _mm256_loadu_ps(x), v1 = _mm256_loadu_ps(x + 8), v2 = _mm256_loadu_ps(x + 16), v3 = _mm256_loadu_ps(x + 24);
    const __m256 sign_bit = _mm256_set1_ps(-0.0f);
    __m256 max_abs = _mm256_andnot_ps(sign_bit, v0);
    max_abs = _mm256_max_ps(max_abs, _mm256_andnot_ps(sign_bit, v1));
    max_abs = _mm256_max_ps(max_abs, _mm256_andnot_ps(sign_bit, v2));
    max_abs = _mm256_max_ps(max_abs, _mm256_andnot_ps(sign_bit, v3));
    __m128 max4 = _mm_max_ps(_mm256_extractf128_ps(max_abs, 1), _mm256_castps256_ps128(max_abs));
    max4 = _mm_max_ps(max4, _mm_movehl_ps(max4, max4));
    max4 = _mm_max_ss(max4, _mm_movehdup_ps(max4));
    const float max_scalar = _mm_cvtss_f32(max4);
    *d_out = max_scalar / 127.f;
    const float id = (max_scalar != 0.0f) ? 127.f / max_scalar : 0.0f;
    const __m256 mul = _mm256_set1_ps(id);
    v0 = _mm256_round_ps(_mm256_mul_ps(v0, mul), _MM_ROUND_NEAREST);
    v1 = _mm256_round_ps(_mm256_mul_ps(v1, mul), _MM_ROUND_NEAREST);
    v2 = _mm256_round_ps(_mm256_mul_ps(v2, mul), _MM_ROUND_NEAREST);
    v3 = _mm256_round_ps(_mm256_mul_ps(v3, mul), _MM_ROUND_NEAREST);
    __m256i i0 = _mm256_cvtps_epi32(v0), i1 = _mm256_cvtps_epi32(v1), i2 = _mm256_cvtps_epi32(v2), i3 = _mm256_cvtps_epi32(v3);
    if (sum_out) *sum_out = hsum_i32_8(_mm256_add_epi32(_mm256_add_epi32(i0, i1), _mm256_add_epi32(i2, i3)));
    i0 = _mm256_packs_epi32(i0, i1);
    i2 = _mm256_packs_epi32(i2, i3);
    i0 = _mm256_packs_epi16(i0, i2);
    // packs interleave 128-bit lanes; restore order.
    const __m256i perm = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    i0 = _mm256_permutevar8x32_epi32(i0, perm);
    _mm256_storeu_si256((__m256i *)q, i0);
}
#else
static void quantize_block(const float *x, float *d_out, int8_t *q, int *sum_out) {
    float amax = 0;
    for (int j = 0; j < 32; j++) { float a = fabsf(x[j]); if (a > amax) amax = a; }
    *d_out = amax / 127.f;
    const float id = amax != 0 ? 127.f / amax : 0;
    int sum = 0;
    for (int j = 0; j < 32; j++) { q[j] = (int8_t)nearbyintf(x[j] * id); sum += q[j]; }
    if (sum_out) *sum_out = sum;
}
#endif

void prose_quantize_q8_0(const float *x, void *dst, int n) {
    uint8_t *out = (uint8_t *)dst;
    for (int b = 0; b < n / 32; b++) {
        float d;
        quantize_block(x + 32 * b, &d, (int8_t *)(out + 34 * b + 2), NULL);
        uint16_t h = float_to_half(d);
        memcpy(out + 34 * b, &h, 2);
    }
}

void prose_quantize_q8_1(const float *x, void *dst, int n) {
    uint8_t *out = (uint8_t *)dst;
    for (int b = 0; b < n / 32; b++) {
        float d; int sum;
        quantize_block(x + 32 * b, &d, (int8_t *)(out + 36 * b + 4), &sum);
        uint16_t hd = float_to_half(d), hs = float_to_half(d * (float)sum);
        memcpy(out + 36 * b, &hd, 2);
        memcpy(out + 36 * b + 2, &hs, 2);
    }
}

static float dot_q4_1_q8_1(int n, const uint8_t *x, const uint8_t *y) {
    const int nb = n / 32;
#if PROSE_AVX2
    __m256 acc = _mm256_setzero_ps();
    float summs = 0;
    for (int i = 0; i < nb; i++) {
        const uint8_t *xb = x + 20 * i, *yb = y + 36 * i;
        const float d0 = prose_h2f(prose_rd16(xb)), d1 = prose_h2f(prose_rd16(yb));
        summs += prose_h2f(prose_rd16(xb + 2)) * prose_h2f(prose_rd16(yb + 2));
        const __m256 d0d1 = _mm256_set1_ps(d0 * d1);
        const __m256i qx = bytes_from_nibbles_32(xb + 4);
        const __m256i qy = _mm256_loadu_si256((const __m256i *)(yb + 4));
        acc = _mm256_fmadd_ps(d0d1, mul_sum_us8_pairs_float(qx, qy), acc);
    }
    return hsum_float_8(acc) + summs;
#else
    float sum = 0;
    for (int i = 0; i < nb; i++) {
        const uint8_t *xb = x + 20 * i, *yb = y + 36 * i;
        int s = 0;
        for (int j = 0; j < 16; j++) s += (xb[4 + j] & 0xF) * (int8_t)yb[4 + j] + (xb[4 + j] >> 4) * (int8_t)yb[20 + j];
        sum += prose_h2f(prose_rd16(xb)) * prose_h2f(prose_rd16(yb)) * s + prose_h2f(prose_rd16(xb + 2)) * prose_h2f(prose_rd16(yb + 2));
    }
    return sum;
#endif
}

static float dot_q8_0_q8_0(int n, const uint8_t *x, const uint8_t *y) {
    const int nb = n / 32;
#if PROSE_AVX2
    __m256 acc = _mm256_setzero_ps();
    for (int i = 0; i < nb; i++) {
        const uint8_t *xb = x + 34 * i, *yb = y + 34 * i;
        const __m256 d = _mm256_set1_ps(prose_h2f(prose_rd16(xb)) * prose_h2f(prose_rd16(yb)));
        const __m256i qx = _mm256_loadu_si256((const __m256i *)(xb + 2));
        const __m256i qy = _mm256_loadu_si256((const __m256i *)(yb + 2));
        acc = _mm256_fmadd_ps(d, mul_sum_i8_pairs_float(qx, qy), acc);
    }
    return hsum_float_8(acc);
#else
    float sum = 0;
    for (int i = 0; i < nb; i++) {
        const uint8_t *xb = x + 34 * i, *yb = y + 34 * i;
        int s = 0;
        for (int j = 0; j < 32; j++) s += (int8_t)xb[2 + j] * (int8_t)yb[2 + j];
        sum += prose_h2f(prose_rd16(xb)) * prose_h2f(prose_rd16(yb)) * s;
    }
    return sum;
#endif
}

static float dot_q4_0_q8_0(int n, const uint8_t *x, const uint8_t *y) {
    const int nb = n / 32;
#if PROSE_AVX2
    __m256 acc = _mm256_setzero_ps();
    for (int i = 0; i < nb; i++) {
        const uint8_t *xb = x + 18 * i, *yb = y + 34 * i;
        const __m256 d = _mm256_set1_ps(prose_h2f(prose_rd16(xb)) * prose_h2f(prose_rd16(yb)));
        __m256i qx = bytes_from_nibbles_32(xb + 2);
        qx = _mm256_sub_epi8(qx, _mm256_set1_epi8(8));
        const __m256i qy = _mm256_loadu_si256((const __m256i *)(yb + 2));
        acc = _mm256_fmadd_ps(d, mul_sum_i8_pairs_float(qx, qy), acc);
    }
    return hsum_float_8(acc);
#else
    float sum = 0;
    for (int i = 0; i < nb; i++) {
        const uint8_t *xb = x + 18 * i, *yb = y + 34 * i;
        int s = 0;
        for (int j = 0; j < 16; j++) s += ((xb[2 + j] & 0xF) - 8) * (int8_t)yb[2 + j] + ((xb[2 + j] >> 4) - 8) * (int8_t)yb[18 + j];
        sum += prose_h2f(prose_rd16(xb)) * prose_h2f(prose_rd16(yb)) * s;
    }
    return sum;
#endif
}

// ---- Matrix-vector products: 4 rows at a time -------------------------------------------------------
// Each row keeps exactly the arithmetic of its single-row dot product above (same per-block FMA order,
// same final reduction); interleaving 4 rows only shares the activation loads and scale conversions
// and gives the core 4 independent FMA chains. With AVX-512 VNNI (as llama.cpp uses when built for
// such a CPU) the u8×s8 → i32 step is one `vpdpbusd` instead of `vpmaddubsw` + `vpmaddwd`: the integer
// sums are identical (no i16 saturation is possible for these value ranges).
#if PROSE_AVX2
#ifndef PREFETCH_BYTES
#define PREFETCH_BYTES 1024
#endif
#define Q41_BODY(MULSUM)                                                                                   \
    const uint8_t *base = (const uint8_t *)w;                                                              \
    const uint8_t *act = (const uint8_t *)a;                                                               \
    const int nb = n / 32;                                                                                 \
    int r = r0;                                                                                            \
    for (; r + 4 <= r1; r += 4) {                                                                          \
        const uint8_t *x0 = base + (size_t)r * row_bytes, *x1 = x0 + row_bytes;                            \
        const uint8_t *x2 = x1 + row_bytes, *x3 = x2 + row_bytes;                                          \
        __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();                                     \
        __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();                                     \
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;                                                              \
        for (int i = 0; i < nb; i++) {                                                                     \
            const uint8_t *yb = act + 36 * i;                                                              \
            const float dy = prose_h2f(prose_rd16(yb)), sy = prose_h2f(prose_rd16(yb + 2));                     \
            const __m256i qy = _mm256_loadu_si256((const __m256i *)(yb + 4));                              \
            const uint8_t *b0 = x0 + 20 * i, *b1 = x1 + 20 * i, *b2 = x2 + 20 * i, *b3 = x3 + 20 * i;       \
            if ((i & 3) == 0) {                                                                            \
                _mm_prefetch((const char *)(b0 + PREFETCH_BYTES), _MM_HINT_T0);                            \
                _mm_prefetch((const char *)(b1 + PREFETCH_BYTES), _MM_HINT_T0);                            \
                _mm_prefetch((const char *)(b2 + PREFETCH_BYTES), _MM_HINT_T0);                            \
                _mm_prefetch((const char *)(b3 + PREFETCH_BYTES), _MM_HINT_T0);                            \
            }                                                                                              \
            s0 += prose_h2f(prose_rd16(b0 + 2)) * sy;                                                        \
            s1 += prose_h2f(prose_rd16(b1 + 2)) * sy;                                                        \
            s2 += prose_h2f(prose_rd16(b2 + 2)) * sy;                                                        \
            s3 += prose_h2f(prose_rd16(b3 + 2)) * sy;                                                        \
            acc0 = _mm256_fmadd_ps(_mm256_set1_ps(prose_h2f(prose_rd16(b0)) * dy), MULSUM(bytes_from_nibbles_32(b0 + 4), qy), acc0); \
            acc1 = _mm256_fmadd_ps(_mm256_set1_ps(prose_h2f(prose_rd16(b1)) * dy), MULSUM(bytes_from_nibbles_32(b1 + 4), qy), acc1); \
            acc2 = _mm256_fmadd_ps(_mm256_set1_ps(prose_h2f(prose_rd16(b2)) * dy), MULSUM(bytes_from_nibbles_32(b2 + 4), qy), acc2); \
            acc3 = _mm256_fmadd_ps(_mm256_set1_ps(prose_h2f(prose_rd16(b3)) * dy), MULSUM(bytes_from_nibbles_32(b3 + 4), qy), acc3); \
        }                                                                                                  \
        y[r] = hsum_float_8(acc0) + s0;                                                                    \
        y[r + 1] = hsum_float_8(acc1) + s1;                                                                \
        y[r + 2] = hsum_float_8(acc2) + s2;                                                                \
        y[r + 3] = hsum_float_8(acc3) + s3;                                                                \
    }                                                                                                      \
    for (; r < r1; r++) {                                                                                  \
        const uint8_t *x0 = base + (size_t)r * row_bytes;                                                  \
        __m256 acc0 = _mm256_setzero_ps();                                                                 \
        float s0 = 0;                                                                                      \
        for (int i = 0; i < nb; i++) {                                                                     \
            const uint8_t *yb = act + 36 * i, *b0 = x0 + 20 * i;                                           \
            s0 += prose_h2f(prose_rd16(b0 + 2)) * prose_h2f(prose_rd16(yb + 2));                               \
            const __m256i qy = _mm256_loadu_si256((const __m256i *)(yb + 4));                              \
            acc0 = _mm256_fmadd_ps(_mm256_set1_ps(prose_h2f(prose_rd16(b0)) * prose_h2f(prose_rd16(yb))),      \
                                   MULSUM(bytes_from_nibbles_32(b0 + 4), qy), acc0);                       \
        }                                                                                                  \
        y[r] = hsum_float_8(acc0) + s0;                                                                    \
    }

// Signed × signed via |x| and sign transfer, as ggml's mul_sum_i8_pairs_float.
#define Q80_BODY(MULSUM, BLOCK, OFFSET, XLOAD)                                                             \
    const uint8_t *base = (const uint8_t *)w;                                                              \
    const uint8_t *act = (const uint8_t *)a;                                                               \
    const int nb = n / 32;                                                                                 \
    int r = r0;                                                                                            \
    for (; r + 4 <= r1; r += 4) {                                                                          \
        const uint8_t *x0 = base + (size_t)r * row_bytes, *x1 = x0 + row_bytes;                            \
        const uint8_t *x2 = x1 + row_bytes, *x3 = x2 + row_bytes;                                          \
        __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();                                     \
        __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();                                     \
        for (int i = 0; i < nb; i++) {                                                                     \
            const uint8_t *yb = act + 34 * i;                                                              \
            const float dy = prose_h2f(prose_rd16(yb));                                                      \
            const __m256i qy = _mm256_loadu_si256((const __m256i *)(yb + 2));                              \
            const uint8_t *b0 = x0 + BLOCK * i, *b1 = x1 + BLOCK * i, *b2 = x2 + BLOCK * i, *b3 = x3 + BLOCK * i; \
            if ((i & 1) == 0) {                                                                            \
                _mm_prefetch((const char *)(b0 + PREFETCH_BYTES), _MM_HINT_T0);                            \
                _mm_prefetch((const char *)(b1 + PREFETCH_BYTES), _MM_HINT_T0);                            \
                _mm_prefetch((const char *)(b2 + PREFETCH_BYTES), _MM_HINT_T0);                            \
                _mm_prefetch((const char *)(b3 + PREFETCH_BYTES), _MM_HINT_T0);                            \
            }                                                                                              \
            acc0 = _mm256_fmadd_ps(_mm256_set1_ps(prose_h2f(prose_rd16(b0)) * dy), MULSUM(XLOAD(b0 + OFFSET), qy), acc0); \
            acc1 = _mm256_fmadd_ps(_mm256_set1_ps(prose_h2f(prose_rd16(b1)) * dy), MULSUM(XLOAD(b1 + OFFSET), qy), acc1); \
            acc2 = _mm256_fmadd_ps(_mm256_set1_ps(prose_h2f(prose_rd16(b2)) * dy), MULSUM(XLOAD(b2 + OFFSET), qy), acc2); \
            acc3 = _mm256_fmadd_ps(_mm256_set1_ps(prose_h2f(prose_rd16(b3)) * dy), MULSUM(XLOAD(b3 + OFFSET), qy), acc3); \
        }                                                                                                  \
        y[r] = hsum_float_8(acc0);                                                                         \
        y[r + 1] = hsum_float_8(acc1);                                                                     \
        y[r + 2] = hsum_float_8(acc2);                                                                     \
        y[r + 3] = hsum_float_8(acc3);                                                                     \
    }                                                                                                      \
    for (; r < r1; r++) {                                                                                  \
        const uint8_t *x0 = base + (size_t)r * row_bytes;                                                  \
        __m256 acc0 = _mm256_setzero_ps();                                                                 \
        for (int i = 0; i < nb; i++) {                                                                     \
            const uint8_t *yb = act + 34 * i, *b0 = x0 + BLOCK * i;                                        \
            const __m256i qy = _mm256_loadu_si256((const __m256i *)(yb + 2));                              \
            acc0 = _mm256_fmadd_ps(_mm256_set1_ps(prose_h2f(prose_rd16(b0)) * prose_h2f(prose_rd16(yb))),      \
                                   MULSUM(XLOAD(b0 + OFFSET), qy), acc0);                                  \
        }                                                                                                  \
        y[r] = hsum_float_8(acc0);                                                                         \
    }

static inline __m256i load_q8(const uint8_t *p) { return _mm256_loadu_si256((const __m256i *)p); }
static inline __m256i load_q4_0(const uint8_t *p) { return _mm256_sub_epi8(bytes_from_nibbles_32(p), _mm256_set1_epi8(8)); }

#define VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))

VNNI static inline __m256 vnni_us8(const __m256i ax, const __m256i sy) {
    return _mm256_cvtepi32_ps(_mm256_dpbusd_epi32(_mm256_setzero_si256(), ax, sy));
}
VNNI static inline __m256 vnni_i8(const __m256i x, const __m256i y) {
    return vnni_us8(_mm256_sign_epi8(x, x), _mm256_sign_epi8(y, x));
}

static void q41_avx2(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) { Q41_BODY(mul_sum_us8_pairs_float) }
VNNI static void q41_vnni(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) { Q41_BODY(vnni_us8) }
static void q80_avx2(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) { Q80_BODY(mul_sum_i8_pairs_float, 34, 2, load_q8) }
VNNI static void q80_vnni(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) { Q80_BODY(vnni_i8, 34, 2, load_q8) }
static void q40_avx2(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) { Q80_BODY(mul_sum_i8_pairs_float, 18, 2, load_q4_0) }
VNNI static void q40_vnni(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) { Q80_BODY(vnni_i8, 18, 2, load_q4_0) }

static int vnni_state = -1;

int prose_kernels_use_vnni(void) {
    if (vnni_state < 0) {
        __builtin_cpu_init();
        vnni_state = __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
    }
    return vnni_state;
}

void prose_kernels_set_vnni(int on) { vnni_state = on && prose_kernels_use_vnni() ? 1 : 0; if (!on) vnni_state = 0; }

void prose_matvec_q4_1_q8_1(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) {
    if (prose_kernels_use_vnni()) q41_vnni(n, w, row_bytes, r0, r1, a, y); else q41_avx2(n, w, row_bytes, r0, r1, a, y);
}

void prose_matvec_q8_0_q8_0(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) {
    if (prose_kernels_use_vnni()) q80_vnni(n, w, row_bytes, r0, r1, a, y); else q80_avx2(n, w, row_bytes, r0, r1, a, y);
}

void prose_matvec_q4_0_q8_0(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) {
    if (prose_kernels_use_vnni()) q40_vnni(n, w, row_bytes, r0, r1, a, y); else q40_avx2(n, w, row_bytes, r0, r1, a, y);
}
#else
int prose_kernels_use_vnni(void) { return 0; }
void prose_kernels_set_vnni(int on) { (void)on; }

void prose_matvec_q4_1_q8_1(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) {
    const uint8_t *base = (const uint8_t *)w;
    for (int r = r0; r < r1; r++) y[r] = dot_q4_1_q8_1(n, base + (size_t)r * row_bytes, (const uint8_t *)a);
}

void prose_matvec_q8_0_q8_0(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) {
    const uint8_t *base = (const uint8_t *)w;
    for (int r = r0; r < r1; r++) y[r] = dot_q8_0_q8_0(n, base + (size_t)r * row_bytes, (const uint8_t *)a);
}

void prose_matvec_q4_0_q8_0(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) {
    const uint8_t *base = (const uint8_t *)w;
    for (int r = r0; r < r1; r++) y[r] = dot_q4_0_q8_0(n, base + (size_t)r * row_bytes, (const uint8_t *)a);
}
#endif
