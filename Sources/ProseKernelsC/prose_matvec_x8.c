// Matvecs over weights repacked 8 rows at a time ("x8" layout), with one code path per CPU kind.
//
// Why a repacked layout: the row-major kernels spend most of their instructions per row and block on
// work that is not the integer dot product itself (two scalar f16 conversions, a broadcast, a 128→256
// lane insert to unpack 16 nibble bytes). Here 8 rows' blocks sit side by side: the 8 scales convert in
// one `vcvtph2ps`, and one 32-byte load holds the same 4 quant bytes of all 8 rows, so a register lane
// is a *row* and the 8 float accumulators are the 8 lanes of the row-major kernel's accumulator. Every
// row keeps exactly the row-major arithmetic (the same integer sum of 4 products per lane, one fused
// multiply-add per block and lane in block order, `hsum_float_8`'s reduction order, + the Q4_1 min
// sum): results are bit-identical to `prose_matvec_q4_1_q8_1` / `prose_matvec_q8_0_q8_0` and to the
// Swift oracles, on every path (tests force each path).
//
// Layout of one group of 8 rows (rows past the matrix end are zero), block b of the group at b·B:
//   Q4_1 (B = 160): d[8] f16 | m[8] f16 | quants[k = 0..3][row 0..7][bytes 4k..4k+3 of the row's qs]
//   Q8_0 (B = 272): d[8] f16 | quants[lane j = 0..7][row 0..7][bytes 4j..4j+3 of the row's qs]
// A Q4_1 quant chunk k gives lane k (low nibbles) and lane k + 4 (high nibbles).
//
// Activations are expanded once per vector (`prose_expand_activations`): f32 d[nb], f32 s[nb], then per
// block 8 lanes × the lane's 4 bytes repeated 8 times (256 bytes), so every path reads its operand with a
// plain load whatever its width.
//
// Paths: AVX-512 VNNI (`vpdpbusd` on 256-bit vectors), AVX2 on 256-bit units (ymm, 8
// accumulators) and AVX2 for CPUs that split 256-bit operations into two 128-bit halves (Zen 1): xmm
// registers, 4 rows per pass, so nothing needs a 256-bit shuffle or insert and the 8 accumulators plus
// temporaries fit the 16 registers without spilling.
#include "prose_kernels.h"
#include "prose_x8_internal.h"
#include "prose_internal.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__AVX2__) && defined(__FMA__) && defined(__F16C__)
#include <immintrin.h>
#define X8_AVX2 1
#else
#define X8_AVX2 0
#endif

// −128 · Σ of one lane's 4 activation bytes (the VNNI Q8_0 kernels' accumulator start, see there).
static inline int32_t x8_q80_correction(const uint8_t *lane) {
    const int8_t *y = (const int8_t *)lane;
    return -128 * ((int32_t)y[0] + y[1] + y[2] + y[3]);
}

size_t prose_x8_group_bytes(int type, int n) {
    const int nb = n / 32;
    return (size_t)nb * (type == PROSE_X8_Q4_1 ? 160 : 272);
}

void prose_pack_x8(int type, const void *src, size_t row_bytes, int rows, int n, int g0, int g1, void *dst) {
    const int nb = n / 32;
    const int block = type == PROSE_X8_Q4_1 ? 160 : 272;
    const uint8_t *s = (const uint8_t *)src;
    for (int g = g0; g < g1; g++) {
        uint8_t *out = (uint8_t *)dst + (size_t)g * nb * block;
        memset(out, 0, (size_t)nb * block);
        for (int i = 0; i < 8; i++) {
            const int r = 8 * g + i;
            if (r >= rows) break;
            const uint8_t *row = s + (size_t)r * row_bytes;
            for (int b = 0; b < nb; b++) {
                uint8_t *o = out + (size_t)b * block;
                if (type == PROSE_X8_Q4_1) {
                    const uint8_t *x = row + 20 * b;
                    memcpy(o + 2 * i, x, 2);
                    memcpy(o + 16 + 2 * i, x + 2, 2);
                    for (int k = 0; k < 4; k++) memcpy(o + 32 + 32 * k + 4 * i, x + 4 + 4 * k, 4);
                } else {
                    const uint8_t *x = row + 34 * b;
                    memcpy(o + 2 * i, x, 2);
                    for (int j = 0; j < 8; j++) memcpy(o + 16 + 32 * j + 4 * i, x + 2 + 4 * j, 4);
                }
            }
        }
    }
}

size_t prose_x8_activation_bytes(int n) {
    const int nb = n / 32;
    return (((size_t)8 * nb + 63) / 64 * 64) + (size_t)nb * 256 + (size_t)nb * 8 * sizeof(int32_t);
}

const int32_t *prose_x8_q80_corrections(int nb, const uint8_t *aq) { return (const int32_t *)(aq + (size_t)256 * nb); }

void prose_expand_activations(int n, const void *q8, int with_sum, void *dst) {
    const int nb = n / 32;
    const int stride = with_sum ? 36 : 34, qoff = with_sum ? 4 : 2;
    float *d = (float *)dst, *sm = d + nb;
    uint8_t *lanes = (uint8_t *)dst + (((size_t)8 * nb + 63) / 64 * 64);
    const uint8_t *src = (const uint8_t *)q8;
    for (int b = 0; b < nb; b++) {
        const uint8_t *blk = src + (size_t)stride * b;
        d[b] = prose_h2f(prose_rd16(blk));
        sm[b] = with_sum ? prose_h2f(prose_rd16(blk + 2)) : 0.0f;
        for (int j = 0; j < 8; j++) {
            uint32_t v; memcpy(&v, blk + qoff + 4 * j, 4);
            uint32_t *o = (uint32_t *)(lanes + (size_t)256 * b + 32 * j);
            for (int c = 0; c < 8; c++) o[c] = v;
        }
    }
    // After the lanes: the VNNI Q8_0 kernels' accumulator starts, one per block and lane (see there).
    int32_t *corr = (int32_t *)(lanes + (size_t)256 * nb);
    for (int b = 0; b < nb; b++)
        for (int j = 0; j < 8; j++) corr[8 * b + j] = x8_q80_correction(lanes + (size_t)256 * b + 32 * j);
}

// ---- Path selection ------------------------------------------------------------------------------
static int x8_path = -1;
static int x8_env_error = 0;

int prose_kernel_path_supported(int path) {
    if (path == PROSE_PATH_PORTABLE) return 1;
#if X8_AVX2
    __builtin_cpu_init();
    const int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (path == PROSE_PATH_AVX2_128 || path == PROSE_PATH_AVX2) return avx2;
    if (path == PROSE_PATH_AVX512_VNNI)
        return avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
#endif
    return 0;
}

int prose_cpu_splits_256(void) {
#if X8_AVX2
    // AMD family 17h models 00h–2Fh (Zen, Zen+) execute each 256-bit operation as two 128-bit halves;
    // Zen 2 (model 30h on) and later have 256-bit units.
    unsigned eax, ebx, ecx, edx;
    __asm__ volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(0), "c"(0));
    const int amd = ebx == 0x68747541u && edx == 0x69746e65u && ecx == 0x444d4163u;  // "AuthenticAMD"
    __asm__ volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(1), "c"(0));
    const unsigned family = ((eax >> 8) & 0xF) + (((eax >> 8) & 0xF) == 0xF ? ((eax >> 20) & 0xFF) : 0);
    const unsigned model = ((eax >> 4) & 0xF) | (((eax >> 16) & 0xF) << 4);
    return amd && family == 0x17 && model < 0x30;
#else
    return 0;
#endif
}

int prose_kernel_path_detected(void) {
    if (prose_kernel_path_supported(PROSE_PATH_AVX512_VNNI)) return PROSE_PATH_AVX512_VNNI;
    if (prose_kernel_path_supported(PROSE_PATH_AVX2)) return prose_cpu_splits_256() ? PROSE_PATH_AVX2_128 : PROSE_PATH_AVX2;
    return PROSE_PATH_PORTABLE;
}

int prose_kernel_path_from_name(const char *name) {
    if (!name) return -1;
    if (!strcmp(name, "avx512vnni")) return PROSE_PATH_AVX512_VNNI;
    if (!strcmp(name, "avx2")) return PROSE_PATH_AVX2;
    if (!strcmp(name, "avx2-128")) return PROSE_PATH_AVX2_128;
    if (!strcmp(name, "portable")) return PROSE_PATH_PORTABLE;
    return -1;
}

int prose_kernel_path(void) {
    if (x8_path < 0) {
        int p = prose_kernel_path_detected();
        const char *env = getenv("HARMONIX_KERNEL_PATH");
        if (env && *env) {
            const int want = prose_kernel_path_from_name(env);
            if (want < 0) x8_env_error = 1;
            else if (!prose_kernel_path_supported(want)) x8_env_error = 2;
            else p = want;
        }
        x8_path = p;
    }
    return x8_path;
}

int prose_kernel_path_env_error(void) { (void)prose_kernel_path(); return x8_env_error; }

int prose_set_kernel_path(int path) {
    if (path < 0 || path > PROSE_PATH_AVX512_VNNI || !prose_kernel_path_supported(path)) return 0;
    x8_path = path;
    return 1;
}

// ---- Portable path (also the non-x86 build): the same arithmetic with fmaf ----------------------------
static void q41_group_portable(int nb, const uint8_t *G, const float *ad, const float *as, const uint8_t *aq, float *out8) {
    for (int i = 0; i < 8; i++) {
        float acc[8] = {0}, s = 0;
        for (int b = 0; b < nb; b++) {
            const uint8_t *p = G + (size_t)160 * b, *q = aq + (size_t)256 * b;
            const float dv = prose_h2f(prose_rd16(p + 2 * i)) * ad[b];
            s = fmaf(prose_h2f(prose_rd16(p + 16 + 2 * i)), as[b], s);
            for (int k = 0; k < 4; k++) {
                int lo = 0, hi = 0;
                for (int t = 0; t < 4; t++) {
                    const uint8_t x = p[32 + 32 * k + 4 * i + t];
                    lo += (x & 0xF) * (int8_t)q[32 * k + t];
                    hi += (x >> 4) * (int8_t)q[32 * (k + 4) + t];
                }
                acc[k] = fmaf(dv, (float)lo, acc[k]);
                acc[k + 4] = fmaf(dv, (float)hi, acc[k + 4]);
            }
        }
        out8[i] = (((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]))) + s;
    }
}

static void q80_group_portable(int nb, const uint8_t *G, const float *ad, const uint8_t *aq, const int32_t *corr, float *out8) {
    (void)corr;
    for (int i = 0; i < 8; i++) {
        float acc[8] = {0};
        for (int b = 0; b < nb; b++) {
            const uint8_t *p = G + (size_t)272 * b, *q = aq + (size_t)256 * b;
            const float dv = prose_h2f(prose_rd16(p + 2 * i)) * ad[b];
            for (int j = 0; j < 8; j++) {
                int sum = 0;
                for (int t = 0; t < 4; t++) sum += (int8_t)p[16 + 32 * j + 4 * i + t] * (int8_t)q[32 * j + t];
                acc[j] = fmaf(dv, (float)sum, acc[j]);
            }
        }
        out8[i] = ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]));
    }
}

#if X8_AVX2
#ifndef X8_PREFETCH
#define X8_PREFETCH 768
#endif
#define PF(p, off) _mm_prefetch((const char *)(p) + X8_PREFETCH + (off), _MM_HINT_T0)

// The row-major kernel's `hsum_float_8` order over the 8 lane accumulators: ((0+4)+(2+6))+((1+5)+(3+7)).
static inline __m256 x8_reduce8(const __m256 acc[8]) {
    return _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(acc[0], acc[4]), _mm256_add_ps(acc[2], acc[6])),
                         _mm256_add_ps(_mm256_add_ps(acc[1], acc[5]), _mm256_add_ps(acc[3], acc[7])));
}

// ---- AVX2, 256-bit units ----
// Q4_1, 256-bit: lane k of a quant chunk (low nibbles) and lane k + 4 (high nibbles). SUM4(codes, acts)
// is the int32 sum of 4 u8 × s8 products per lane: vpmaddubsw + vpmaddwd on AVX2, one vpdpbusd on VNNI.
#define X8_Q41_GROUP_256(NAME, ATTR, SUM4)                                                               \
    ATTR static void NAME(int nb, const uint8_t *G, const float *ad, const float *as, const uint8_t *aq, float *out8) { \
        const __m256i m4 = _mm256_set1_epi8(0x0F);                                                       \
        __m256 acc[8], sv = _mm256_setzero_ps();                                                         \
        for (int j = 0; j < 8; j++) acc[j] = _mm256_setzero_ps();                                        \
        for (int b = 0; b < nb; b++) {                                                                   \
            const uint8_t *p = G + (size_t)160 * b, *q = aq + (size_t)256 * b;                          \
            PF(p, 0); PF(p, 64); PF(p, 128);                                                             \
            const __m256 dv = _mm256_mul_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)p)), _mm256_set1_ps(ad[b])); \
            sv = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(p + 16))), _mm256_set1_ps(as[b]), sv); \
            for (int k = 0; k < 4; k++) {                                                                \
                const __m256i v = _mm256_loadu_si256((const __m256i *)(p + 32 + 32 * k));               \
                const __m256i lo = _mm256_and_si256(v, m4), hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), m4); \
                const __m256i il = SUM4(lo, _mm256_load_si256((const __m256i *)(q + 32 * k)));           \
                const __m256i ih = SUM4(hi, _mm256_load_si256((const __m256i *)(q + 32 * (k + 4))));     \
                acc[k] = _mm256_fmadd_ps(dv, _mm256_cvtepi32_ps(il), acc[k]);                            \
                acc[k + 4] = _mm256_fmadd_ps(dv, _mm256_cvtepi32_ps(ih), acc[k + 4]);                    \
            }                                                                                            \
        }                                                                                                \
        _mm256_storeu_ps(out8, _mm256_add_ps(x8_reduce8(acc), sv));                                     \
    }
#define X8_SUM4_AVX2(x, y) _mm256_madd_epi16(_mm256_maddubs_epi16(x, y), _mm256_set1_epi16(1))
X8_Q41_GROUP_256(q41_group_avx2, , X8_SUM4_AVX2)

static void q80_group_avx2(int nb, const uint8_t *G, const float *ad, const uint8_t *aq, const int32_t *corr, float *out8) {
    (void)corr;
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc[8];
    for (int j = 0; j < 8; j++) acc[j] = _mm256_setzero_ps();
    for (int b = 0; b < nb; b++) {
        const uint8_t *p = G + (size_t)272 * b, *q = aq + (size_t)256 * b;
        PF(p, 0); PF(p, 64); PF(p, 128); PF(p, 192); PF(p, 256);
        const __m256 dv = _mm256_mul_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)p)), _mm256_set1_ps(ad[b]));
        for (int j = 0; j < 8; j++) {
            const __m256i x = _mm256_loadu_si256((const __m256i *)(p + 16 + 32 * j));
            const __m256i y = _mm256_load_si256((const __m256i *)(q + 32 * j));
            const __m256i d = _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_sign_epi8(x, x), _mm256_sign_epi8(y, x)), ones);
            acc[j] = _mm256_fmadd_ps(dv, _mm256_cvtepi32_ps(d), acc[j]);
        }
    }
    const __m256 t = x8_reduce8(acc);
    _mm256_storeu_ps(out8, t);
}

// ---- AVX2 for split 256-bit units: xmm, 4 rows per pass ----
static void q41_group_avx2_128(int nb, const uint8_t *G, const float *ad, const float *as, const uint8_t *aq, float *out8) {
    const __m128i m4 = _mm_set1_epi8(0x0F), ones = _mm_set1_epi16(1);
    for (int h = 0; h < 2; h++) {
        __m128 a0 = _mm_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, sv = a0;
        for (int b = 0; b < nb; b++) {
            const uint8_t *p = G + (size_t)160 * b, *q = aq + (size_t)256 * b;
            if (h == 0) { PF(p, 0); PF(p, 64); PF(p, 128); }
            const __m128 dv = _mm_mul_ps(_mm_cvtph_ps(_mm_loadl_epi64((const __m128i *)(p + 8 * h))), _mm_set1_ps(ad[b]));
            sv = _mm_fmadd_ps(_mm_cvtph_ps(_mm_loadl_epi64((const __m128i *)(p + 16 + 8 * h))), _mm_set1_ps(as[b]), sv);
#define Q41_K(K, AL, AH)                                                                                       \
            {                                                                                                  \
                const __m128i v = _mm_loadu_si128((const __m128i *)(p + 32 + 32 * K + 16 * h));               \
                const __m128i lo = _mm_and_si128(v, m4), hi = _mm_and_si128(_mm_srli_epi16(v, 4), m4);         \
                const __m128i il = _mm_madd_epi16(_mm_maddubs_epi16(lo, _mm_load_si128((const __m128i *)(q + 32 * K))), ones);       \
                const __m128i ih = _mm_madd_epi16(_mm_maddubs_epi16(hi, _mm_load_si128((const __m128i *)(q + 32 * (K + 4)))), ones); \
                AL = _mm_fmadd_ps(dv, _mm_cvtepi32_ps(il), AL);                                                \
                AH = _mm_fmadd_ps(dv, _mm_cvtepi32_ps(ih), AH);                                                \
            }
            Q41_K(0, a0, a4) Q41_K(1, a1, a5) Q41_K(2, a2, a6) Q41_K(3, a3, a7)
#undef Q41_K
        }
        const __m128 t = _mm_add_ps(_mm_add_ps(_mm_add_ps(a0, a4), _mm_add_ps(a2, a6)), _mm_add_ps(_mm_add_ps(a1, a5), _mm_add_ps(a3, a7)));
        _mm_storeu_ps(out8 + 4 * h, _mm_add_ps(t, sv));
    }
}

static void q80_group_avx2_128(int nb, const uint8_t *G, const float *ad, const uint8_t *aq, const int32_t *corr, float *out8) {
    (void)corr;
    const __m128i ones = _mm_set1_epi16(1);
    for (int h = 0; h < 2; h++) {
        __m128 acc[8];
        for (int j = 0; j < 8; j++) acc[j] = _mm_setzero_ps();
        for (int b = 0; b < nb; b++) {
            const uint8_t *p = G + (size_t)272 * b, *q = aq + (size_t)256 * b;
            if (h == 0) { PF(p, 0); PF(p, 64); PF(p, 128); PF(p, 192); PF(p, 256); }
            const __m128 dv = _mm_mul_ps(_mm_cvtph_ps(_mm_loadl_epi64((const __m128i *)(p + 8 * h))), _mm_set1_ps(ad[b]));
            for (int j = 0; j < 8; j++) {
                const __m128i x = _mm_loadu_si128((const __m128i *)(p + 16 + 32 * j + 16 * h));
                const __m128i y = _mm_load_si128((const __m128i *)(q + 32 * j));
                const __m128i d = _mm_madd_epi16(_mm_maddubs_epi16(_mm_sign_epi8(x, x), _mm_sign_epi8(y, x)), ones);
                acc[j] = _mm_fmadd_ps(dv, _mm_cvtepi32_ps(d), acc[j]);
            }
        }
        const __m128 t = _mm_add_ps(_mm_add_ps(_mm_add_ps(acc[0], acc[4]), _mm_add_ps(acc[2], acc[6])),
                                    _mm_add_ps(_mm_add_ps(acc[1], acc[5]), _mm_add_ps(acc[3], acc[7])));
        _mm_storeu_ps(out8 + 4 * h, t);
    }
}

// The avx2-128 Q8_0 kernel for two tokens at once (the batched prompt): each weight load and |x| serve
// both tokens. Two tokens' 8 accumulators would not fit AVX2's 16 registers, so each 4-row half runs
// its j chunks in two passes of four (8 accumulators), keeping the first pass's sums for the same
// final reduction. Each token's arithmetic is q80_group_avx2_128's: same dv = f16 scale · activation
// scale, same integer sums, same fma chain over blocks per j, same ((0+4)+(2+6))+((1+5)+(3+7)).
void prose_x8_q80_group2_avx2_128(int nb, const uint8_t *G, const float *ad0, const uint8_t *aq0, const int32_t *c0,
                                  const float *ad1, const uint8_t *aq1, const int32_t *c1, float *out0, float *out1) {
    (void)c0; (void)c1;
    const __m128i ones = _mm_set1_epi16(1);
    for (int h = 0; h < 2; h++) {
        __m128 a[8], e[8];
        for (int jh = 0; jh < 2; jh++) {
            __m128 s0 = _mm_setzero_ps(), s1 = s0, s2 = s0, s3 = s0, t0 = s0, t1 = s0, t2 = s0, t3 = s0;
            for (int b = 0; b < nb; b++) {
                const uint8_t *p = G + (size_t)272 * b, *q0 = aq0 + (size_t)256 * b, *q1 = aq1 + (size_t)256 * b;
                if (h == 0 && jh == 0) { PF(p, 0); PF(p, 64); PF(p, 128); PF(p, 192); PF(p, 256); }
                const __m128 d4 = _mm_cvtph_ps(_mm_loadl_epi64((const __m128i *)(p + 8 * h)));
                const __m128 dv0 = _mm_mul_ps(d4, _mm_set1_ps(ad0[b])), dv1 = _mm_mul_ps(d4, _mm_set1_ps(ad1[b]));
#define Q80_J2(JJ, S, T)                                                                                         \
                {                                                                                                \
                    const int j = 4 * jh + JJ;                                                                   \
                    const __m128i x = _mm_loadu_si128((const __m128i *)(p + 16 + 32 * j + 16 * h));              \
                    const __m128i ax = _mm_sign_epi8(x, x);                                                      \
                    const __m128i y0 = _mm_load_si128((const __m128i *)(q0 + 32 * j));                           \
                    const __m128i y1 = _mm_load_si128((const __m128i *)(q1 + 32 * j));                           \
                    S = _mm_fmadd_ps(dv0, _mm_cvtepi32_ps(_mm_madd_epi16(_mm_maddubs_epi16(ax, _mm_sign_epi8(y0, x)), ones)), S); \
                    T = _mm_fmadd_ps(dv1, _mm_cvtepi32_ps(_mm_madd_epi16(_mm_maddubs_epi16(ax, _mm_sign_epi8(y1, x)), ones)), T); \
                }
                Q80_J2(0, s0, t0) Q80_J2(1, s1, t1) Q80_J2(2, s2, t2) Q80_J2(3, s3, t3)
#undef Q80_J2
            }
            a[4 * jh] = s0; a[4 * jh + 1] = s1; a[4 * jh + 2] = s2; a[4 * jh + 3] = s3;
            e[4 * jh] = t0; e[4 * jh + 1] = t1; e[4 * jh + 2] = t2; e[4 * jh + 3] = t3;
        }
        _mm_storeu_ps(out0 + 4 * h, _mm_add_ps(_mm_add_ps(_mm_add_ps(a[0], a[4]), _mm_add_ps(a[2], a[6])),
                                               _mm_add_ps(_mm_add_ps(a[1], a[5]), _mm_add_ps(a[3], a[7]))));
        _mm_storeu_ps(out1 + 4 * h, _mm_add_ps(_mm_add_ps(_mm_add_ps(e[0], e[4]), _mm_add_ps(e[2], e[6])),
                                               _mm_add_ps(_mm_add_ps(e[1], e[5]), _mm_add_ps(e[3], e[7]))));
    }
}

// ---- AVX-512 VNNI (256-bit vectors, AVX512VL): the AVX2 structure with one `vpdpbusd` per integer sum.
// A zmm form (two lanes per register) was measured slower here on Zen 4, which splits 512-bit operations.
#define X8_VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))

#define X8_SUM4_VNNI(x, y) _mm256_dpbusd_epi32(_mm256_setzero_si256(), x, y)
X8_Q41_GROUP_256(q41_group_vnni256, X8_VNNI, X8_SUM4_VNNI)

// Q8_0 on VNNI: `vpdpbusd` multiplies unsigned by signed bytes. The AVX2 kernels make the weights
// unsigned with the sign trick (|x| and sign(y, x): two operations per lane and token); here the weight
// bytes are flipped once (x ^ 0x80 = x + 128, shared by every token) and the accumulator starts at
// corr = −128·Σ y of the lane's 4 activation bytes, written once per activation vector by
// `prose_expand_activations` after the lanes, so vpdpbusd(corr, x + 128, y) = Σ x·y exactly: the same int32 as the
// other paths, hence the same floats.
X8_VNNI static void q80_group_vnni256(int nb, const uint8_t *G, const float *ad, const uint8_t *aq, const int32_t *corr, float *out8) {
    const __m256i flip = _mm256_set1_epi8((char)0x80);
    __m256 acc[8];
    for (int j = 0; j < 8; j++) acc[j] = _mm256_setzero_ps();
    for (int b = 0; b < nb; b++) {
        const uint8_t *p = G + (size_t)272 * b, *q = aq + (size_t)256 * b;
        PF(p, 0); PF(p, 64); PF(p, 128); PF(p, 192); PF(p, 256);
        const __m256 dv = _mm256_mul_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)p)), _mm256_set1_ps(ad[b]));
        for (int j = 0; j < 8; j++) {
            const __m256i xu = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(p + 16 + 32 * j)), flip);
            const __m256i d = _mm256_dpbusd_epi32(_mm256_set1_epi32(corr[8 * b + j]), xu, _mm256_load_si256((const __m256i *)(q + 32 * j)));
            acc[j] = _mm256_fmadd_ps(dv, _mm256_cvtepi32_ps(d), acc[j]);
        }
    }
    const __m256 t = x8_reduce8(acc);
    _mm256_storeu_ps(out8, t);
}

// The same for two tokens at once (the batched prompt): each weight load and flip serves both, and the
// 16 accumulators fit AVX-512's 32 vector registers. Each token's arithmetic is the one-token kernel's.
X8_VNNI void prose_x8_q80_group2_vnni(int nb, const uint8_t *G, const float *ad0, const uint8_t *aq0, const int32_t *c0,
                                      const float *ad1, const uint8_t *aq1, const int32_t *c1, float *out0, float *out1) {
    const __m256i flip = _mm256_set1_epi8((char)0x80);
    __m256 a[8], e[8];
    for (int j = 0; j < 8; j++) a[j] = e[j] = _mm256_setzero_ps();
    for (int b = 0; b < nb; b++) {
        const uint8_t *p = G + (size_t)272 * b, *q0 = aq0 + (size_t)256 * b, *q1 = aq1 + (size_t)256 * b;
        const __m256 d8 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)p));
        const __m256 dv0 = _mm256_mul_ps(d8, _mm256_set1_ps(ad0[b])), dv1 = _mm256_mul_ps(d8, _mm256_set1_ps(ad1[b]));
        for (int j = 0; j < 8; j++) {
            const __m256i xu = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(p + 16 + 32 * j)), flip);
            const __m256i s0 = _mm256_dpbusd_epi32(_mm256_set1_epi32(c0[8 * b + j]), xu, _mm256_load_si256((const __m256i *)(q0 + 32 * j)));
            const __m256i s1 = _mm256_dpbusd_epi32(_mm256_set1_epi32(c1[8 * b + j]), xu, _mm256_load_si256((const __m256i *)(q1 + 32 * j)));
            a[j] = _mm256_fmadd_ps(dv0, _mm256_cvtepi32_ps(s0), a[j]);
            e[j] = _mm256_fmadd_ps(dv1, _mm256_cvtepi32_ps(s1), e[j]);
        }
    }
    _mm256_storeu_ps(out0, x8_reduce8(a));
    _mm256_storeu_ps(out1, x8_reduce8(e));
}
#endif

// The group kernels of the current path, shared with the batched matmul (prose_matmul_x8.c), so the
// prompt's rows run exactly the decode arithmetic.
void prose_x8_group_kernels(q41_fn *f41, q80_fn *f80) {
    *f41 = q41_group_portable;
    *f80 = q80_group_portable;
#if X8_AVX2
    switch (prose_kernel_path()) {
    case PROSE_PATH_AVX512_VNNI: *f41 = q41_group_vnni256; *f80 = q80_group_vnni256; break;
    case PROSE_PATH_AVX2: *f41 = q41_group_avx2; *f80 = q80_group_avx2; break;
    case PROSE_PATH_AVX2_128: *f41 = q41_group_avx2_128; *f80 = q80_group_avx2_128; break;
    default: break;
    }
#endif
}

static void x8_run(int type, int n, const void *packed, int rows, int r0, int r1, const void *act, float *y) {
    if (r0 >= r1) return;
    const int nb = n / 32;
    const float *ad = (const float *)act, *as = ad + nb;
    const uint8_t *aq = (const uint8_t *)act + (((size_t)8 * nb + 63) / 64 * 64);
    const size_t gbytes = prose_x8_group_bytes(type, n);
    q41_fn f41;
    q80_fn f80;
    prose_x8_group_kernels(&f41, &f80);
    const int32_t *corr = prose_x8_q80_corrections(nb, aq);
    if (r1 > rows) r1 = rows;
    for (int g = r0 / 8; g * 8 < r1; g++) {
        const uint8_t *G = (const uint8_t *)packed + (size_t)g * gbytes;
        float out[8];
        if (type == PROSE_X8_Q4_1) f41(nb, G, ad, as, aq, out); else f80(nb, G, ad, aq, corr, out);
        for (int i = 0; i < 8; i++) {
            const int r = 8 * g + i;
            if (r >= r0 && r < r1) y[r] = out[i];
        }
    }
}

void prose_matvec_x8_q4_1(int n, const void *packed, int rows, int r0, int r1, const void *act, float *y) {
    x8_run(PROSE_X8_Q4_1, n, packed, rows, r0, r1, act, y);
}

void prose_matvec_x8_q8_0(int n, const void *packed, int rows, int r0, int r1, const void *act, float *y) {
    x8_run(PROSE_X8_Q8_0, n, packed, rows, r0, r1, act, y);
}
