// K-quant matvecs (Q4_K, Q5_K, Q6_K weights × Q8_K activations), one code path per CPU kind.
//
// Organised as ggml organises its K-quant dots: per 256-value super-block the quants are unpacked
// to bytes (nibbles; Q5_K adds a fifth bit, Q6_K two high bits), multiplied with the Q8_K bytes by
// `vpmaddubsw` (u8 × s8 → pairs of int16; never saturating here: ≤ 2·63·127) and scaled per
// sub-block by `vpmaddwd` against the sub-block's 6-/8-bit scale, all in int32. The minimum terms
// (Q4_K/Q5_K: m_s·Σqa; Q6_K: 32·scale_g·Σqa) come from the activations' block sums.
//
// Why every path gives the same bits: the per-block sums are exact integers (no overflow: at most
// 256·63·127·128 < 2^31), so their order does not matter; the float part is then the Swift oracle's
// expression evaluated in its order, once per block and row — total += (da·d)·S − (da·dmin)·M — with
// contraction into FMAs switched off (the Swift code rounds every product). So avx512vnni, avx2,
// avx2-128 and portable equal `Q4_KKernel.dot` etc. bit for bit (KernelKQuantPathTests).
//
// Layouts (see the Swift kernels): Q4_K 144 B = d, dmin f16 | 12 B scales | qs[128];
// Q5_K 176 B = d, dmin | scales | qh[32] | qs[128]; Q6_K 210 B = ql[128] | qh[64] | sc int8[16] | d f16;
// Q8_K 292 B = d f32 | qs int8[256] | bsums int16[16].
#pragma STDC FP_CONTRACT OFF
#include "prose_kernels.h"
#include "prose_internal.h"
#include <string.h>
#if defined(__AVX2__) && defined(__FMA__) && defined(__F16C__)
#include <immintrin.h>
#define KQ_AVX2 1
#else
#define KQ_AVX2 0
#endif

static inline int16_t kq_bsum(const uint8_t *a, int g) { int16_t v; memcpy(&v, a + 260 + 2 * g, 2); return v; }

// The eight 6-bit (scale, min) pairs of a Q4_K/Q5_K block (ggml's get_scale_min_k4), four at a time
// in 32-bit words (little-endian, as GGUF): sc0-3 = q0-3 & 63, m0-3 = q4-7 & 63,
// sc4-7 = (q8-11 & 0xF) | (q0-3 >> 6) << 4, m4-7 = (q8-11 >> 4) | (q4-7 >> 6) << 4.
static inline void kq_scales(const uint8_t *q, uint8_t sc[8], uint8_t m[8]) {
    uint32_t u0, u1, u2;
    memcpy(&u0, q, 4); memcpy(&u1, q + 4, 4); memcpy(&u2, q + 8, 4);
    const uint32_t s0 = u0 & 0x3F3F3F3Fu, m0 = u1 & 0x3F3F3F3Fu;
    const uint32_t s1 = (u2 & 0x0F0F0F0Fu) | (((u0 >> 6) & 0x03030303u) << 4);
    const uint32_t m1 = ((u2 >> 4) & 0x0F0F0F0Fu) | (((u1 >> 6) & 0x03030303u) << 4);
    memcpy(sc, &s0, 4); memcpy(sc + 4, &s1, 4); memcpy(m, &m0, 4); memcpy(m + 4, &m1, 4);
}

// Σ_s m_s · (Σ qa over sub-block s), from the bsums (two per 32-value sub-block).
static inline int kq_min_sum(const uint8_t *a, const uint8_t m[8]) {
    int s = 0;
    for (int j = 0; j < 8; j++) s += (int)m[j] * ((int)kq_bsum(a, 2 * j) + (int)kq_bsum(a, 2 * j + 1));
    return s;
}

// Σ_g scale_g · bsum_g over the 16 Q6_K groups (the −32 offset's partner).
static inline int kq_q6_offset(const uint8_t *a, const int8_t *scales) {
    int s = 0;
    for (int g = 0; g < 16; g++) s += scales[g] * kq_bsum(a, g);
    return s;
}

// ---- Integer block sums, portable ------------------------------------------------------------------
// Q4_K / Q5_K: Σ_s sc_s · Σ_l q_{s,l} · qa_{s,l} (hb = qh for Q5_K, NULL for Q4_K).
static int q45k_block_portable(const uint8_t *qs, const uint8_t *hb, const uint8_t sc[8], const int8_t *aq) {
    int total = 0;
    for (int c = 0; c < 4; c++) {
        int s1 = 0, s2 = 0;
        for (int l = 0; l < 32; l++) {
            int lo = qs[32 * c + l] & 0xF, hi = qs[32 * c + l] >> 4;
            if (hb) { lo += ((hb[l] >> (2 * c)) & 1) << 4; hi += ((hb[l] >> (2 * c + 1)) & 1) << 4; }
            s1 += lo * aq[64 * c + l];
            s2 += hi * aq[64 * c + 32 + l];
        }
        total += sc[2 * c] * s1 + sc[2 * c + 1] * s2;
    }
    return total;
}

// Q6_K: Σ_g scale_g · Σ q_i · qa_i over the unsigned 6-bit codes (the −32 offset is applied by the caller).
static int q6k_block_portable(const uint8_t *blk, const int8_t *aq) {
    const int8_t *scales = (const int8_t *)(blk + 192);
    int total = 0;
    for (int h = 0; h < 2; h++) {
        const uint8_t *ql = blk + 64 * h, *qh = blk + 128 + 32 * h;
        int s[8] = {0};
        for (int l = 0; l < 32; l++) {
            const int q0 = (ql[l] & 0xF) | ((qh[l] & 3) << 4), q1 = (ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4);
            const int q2 = (ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4), q3 = (ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4);
            const int k = l / 16;   // which 16-value group of each 32-value quarter
            s[0 + k] += q0 * aq[128 * h + l];
            s[2 + k] += q1 * aq[128 * h + 32 + l];
            s[4 + k] += q2 * aq[128 * h + 64 + l];
            s[6 + k] += q3 * aq[128 * h + 96 + l];
        }
        for (int j = 0; j < 8; j++) total += scales[8 * h + j] * s[j];
    }
    return total;
}

#if KQ_AVX2
static inline int kq_hsum_i32_8(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
    return _mm_cvtsi128_si32(s);
}
static inline int kq_hsum_i32_4(__m128i s) {
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
    return _mm_cvtsi128_si32(s);
}

// kq_min_sum and the Q6_K offset Σ_g scale_g·bsum_g with one vpmaddwd over the 16 bsums (exact integers).
static inline int kq_min_sum_simd(const uint8_t *a, const uint8_t m[8]) {
    const __m128i m8 = _mm_loadl_epi64((const __m128i *)m);
    const __m256i mm = _mm256_cvtepu8_epi16(_mm_unpacklo_epi8(m8, m8));   // m0 m0 m1 m1 … m7 m7
    return kq_hsum_i32_8(_mm256_madd_epi16(_mm256_loadu_si256((const __m256i *)(a + 260)), mm));
}
static inline int kq_q6_offset_simd(const uint8_t *a, const int8_t *scales) {
    const __m256i sc16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)scales));
    return kq_hsum_i32_8(_mm256_madd_epi16(_mm256_loadu_si256((const __m256i *)(a + 260)), sc16));
}

// One macro body per width: SCALE_DOT(acc, u8 codes, s8 acts, int16 scales) accumulates
// Σ pairs·scale into acc; AVX2 = vpmaddubsw + vpmaddwd + vpaddd, VNNI fuses the last two (vpdpwssd).
#define KQ_DOT256(acc, q, a, s) acc = _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(q, a), s))
#define KQ_DOT128(acc, q, a, s) acc = _mm_add_epi32(acc, _mm_madd_epi16(_mm_maddubs_epi16(q, a), s))
#define KQ_VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))
#define KQ_DOTVNNI(acc, q, a, s) acc = _mm256_dpwssd_epi32(acc, _mm256_maddubs_epi16(q, a), s)

// Q4_K / Q5_K, 256-bit: chunk c holds sub-blocks 2c (low nibbles) and 2c+1 (high nibbles).
#define KQ_Q45K_256(NAME, DOT, ATTR)                                                                     \
    ATTR static int NAME(const uint8_t *qs, const uint8_t *hb, const uint8_t sc[8], const int8_t *aq) {  \
        const __m256i m4 = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);                            \
        const __m256i h = hb ? _mm256_loadu_si256((const __m256i *)hb) : _mm256_setzero_si256();         \
        __m256i acc = _mm256_setzero_si256();                                                            \
        for (int c = 0; c < 4; c++) {                                                                    \
            const __m256i v = _mm256_loadu_si256((const __m256i *)(qs + 32 * c));                       \
            __m256i lo = _mm256_and_si256(v, m4), hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), m4);    \
            /* Q5_K: bit 2c / 2c+1 of qh[l] becomes 16 (a 16-bit shift then a per-byte mask). */         \
            lo = _mm256_or_si256(lo, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2 * c), one), 4));     \
            hi = _mm256_or_si256(hi, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2 * c + 1), one), 4)); \
            DOT(acc, lo, _mm256_loadu_si256((const __m256i *)(aq + 64 * c)), _mm256_set1_epi16(sc[2 * c]));          \
            DOT(acc, hi, _mm256_loadu_si256((const __m256i *)(aq + 64 * c + 32)), _mm256_set1_epi16(sc[2 * c + 1])); \
        }                                                                                                \
        return kq_hsum_i32_8(acc);                                                                       \
    }
KQ_Q45K_256(q45k_block_avx2, KQ_DOT256, )
KQ_Q45K_256(q45k_block_vnni, KQ_DOTVNNI, KQ_VNNI)

// Zen 1: 16-byte halves, nothing crosses 128-bit lanes.
static int q45k_block_avx2_128(const uint8_t *qs, const uint8_t *hb, const uint8_t sc[8], const int8_t *aq) {
    const __m128i m4 = _mm_set1_epi8(0x0F), one = _mm_set1_epi8(1);
    __m128i acc = _mm_setzero_si128();
    for (int c = 0; c < 4; c++) {
        const __m128i s1 = _mm_set1_epi16(sc[2 * c]), s2 = _mm_set1_epi16(sc[2 * c + 1]);
        for (int half = 0; half < 2; half++) {
            const __m128i v = _mm_loadu_si128((const __m128i *)(qs + 32 * c + 16 * half));
            const __m128i h = hb ? _mm_loadu_si128((const __m128i *)(hb + 16 * half)) : _mm_setzero_si128();
            __m128i lo = _mm_and_si128(v, m4), hi = _mm_and_si128(_mm_srli_epi16(v, 4), m4);
            lo = _mm_or_si128(lo, _mm_slli_epi16(_mm_and_si128(_mm_srli_epi16(h, 2 * c), one), 4));
            hi = _mm_or_si128(hi, _mm_slli_epi16(_mm_and_si128(_mm_srli_epi16(h, 2 * c + 1), one), 4));
            KQ_DOT128(acc, lo, _mm_loadu_si128((const __m128i *)(aq + 64 * c + 16 * half)), s1);
            KQ_DOT128(acc, hi, _mm_loadu_si128((const __m128i *)(aq + 64 * c + 32 + 16 * half)), s2);
        }
    }
    return kq_hsum_i32_4(acc);
}

// Q6_K, 256-bit: a 32-value quarter spans two 16-value groups, so the scale vector carries group k
// in the low 128-bit lane and group k+1 in the high lane (vpmaddubsw pairs never cross lanes).
#define KQ_Q6K_256(NAME, DOT, ATTR)                                                                      \
    ATTR static int NAME(const uint8_t *blk, const int8_t *aq) {                                        \
        const int8_t *scales = (const int8_t *)(blk + 192);                                              \
        const __m256i m4 = _mm256_set1_epi8(0x0F), m3 = _mm256_set1_epi8(3);                             \
        __m256i acc = _mm256_setzero_si256();                                                            \
        for (int h = 0; h < 2; h++) {                                                                    \
            const __m256i l0 = _mm256_loadu_si256((const __m256i *)(blk + 64 * h));                     \
            const __m256i l1 = _mm256_loadu_si256((const __m256i *)(blk + 64 * h + 32));                \
            const __m256i qh = _mm256_loadu_si256((const __m256i *)(blk + 128 + 32 * h));               \
            const __m256i q0 = _mm256_or_si256(_mm256_and_si256(l0, m4), _mm256_slli_epi16(_mm256_and_si256(qh, m3), 4));                          \
            const __m256i q1 = _mm256_or_si256(_mm256_and_si256(l1, m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2), m3), 4));    \
            const __m256i q2 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 4), m3), 4)); \
            const __m256i q3 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 6), m3), 4)); \
            const int8_t *s = scales + 8 * h;                                                            \
            const int8_t *a = aq + 128 * h;                                                              \
            DOT(acc, q0, _mm256_loadu_si256((const __m256i *)a), _mm256_setr_m128i(_mm_set1_epi16(s[0]), _mm_set1_epi16(s[1])));        \
            DOT(acc, q1, _mm256_loadu_si256((const __m256i *)(a + 32)), _mm256_setr_m128i(_mm_set1_epi16(s[2]), _mm_set1_epi16(s[3]))); \
            DOT(acc, q2, _mm256_loadu_si256((const __m256i *)(a + 64)), _mm256_setr_m128i(_mm_set1_epi16(s[4]), _mm_set1_epi16(s[5]))); \
            DOT(acc, q3, _mm256_loadu_si256((const __m256i *)(a + 96)), _mm256_setr_m128i(_mm_set1_epi16(s[6]), _mm_set1_epi16(s[7]))); \
        }                                                                                                \
        return kq_hsum_i32_8(acc);                                                                       \
    }
KQ_Q6K_256(q6k_block_avx2, KQ_DOT256, )
KQ_Q6K_256(q6k_block_vnni, KQ_DOTVNNI, KQ_VNNI)

static int q6k_block_avx2_128(const uint8_t *blk, const int8_t *aq) {
    const int8_t *scales = (const int8_t *)(blk + 192);
    const __m128i m4 = _mm_set1_epi8(0x0F), m3 = _mm_set1_epi8(3);
    __m128i acc = _mm_setzero_si128();
    for (int h = 0; h < 2; h++) {
        for (int k = 0; k < 2; k++) {   // bytes 16k..16k+15 of each 32-byte row: group k of each quarter
            const __m128i l0 = _mm_loadu_si128((const __m128i *)(blk + 64 * h + 16 * k));
            const __m128i l1 = _mm_loadu_si128((const __m128i *)(blk + 64 * h + 32 + 16 * k));
            const __m128i qh = _mm_loadu_si128((const __m128i *)(blk + 128 + 32 * h + 16 * k));
            const __m128i q0 = _mm_or_si128(_mm_and_si128(l0, m4), _mm_slli_epi16(_mm_and_si128(qh, m3), 4));
            const __m128i q1 = _mm_or_si128(_mm_and_si128(l1, m4), _mm_slli_epi16(_mm_and_si128(_mm_srli_epi16(qh, 2), m3), 4));
            const __m128i q2 = _mm_or_si128(_mm_and_si128(_mm_srli_epi16(l0, 4), m4), _mm_slli_epi16(_mm_and_si128(_mm_srli_epi16(qh, 4), m3), 4));
            const __m128i q3 = _mm_or_si128(_mm_and_si128(_mm_srli_epi16(l1, 4), m4), _mm_slli_epi16(_mm_and_si128(_mm_srli_epi16(qh, 6), m3), 4));
            const int8_t *s = scales + 8 * h + k;
            const int8_t *a = aq + 128 * h + 16 * k;
            KQ_DOT128(acc, q0, _mm_loadu_si128((const __m128i *)a), _mm_set1_epi16(s[0]));
            KQ_DOT128(acc, q1, _mm_loadu_si128((const __m128i *)(a + 32)), _mm_set1_epi16(s[2]));
            KQ_DOT128(acc, q2, _mm_loadu_si128((const __m128i *)(a + 64)), _mm_set1_epi16(s[4]));
            KQ_DOT128(acc, q3, _mm_loadu_si128((const __m128i *)(a + 96)), _mm_set1_epi16(s[6]));
        }
    }
    return kq_hsum_i32_4(acc);
}
#endif

typedef int (*q45k_fn)(const uint8_t *, const uint8_t *, const uint8_t *, const int8_t *);
typedef int (*q6k_fn)(const uint8_t *, const int8_t *);

// The block kernels of the current path; *simd = 1 when the block sums of the bsums may use SIMD too.
static void kq_kernels(q45k_fn *f45, q6k_fn *f6, int *simd) {
    *f45 = q45k_block_portable;
    *f6 = q6k_block_portable;
    *simd = 0;
#if KQ_AVX2
    switch (prose_kernel_path()) {
    case PROSE_PATH_AVX512_VNNI: *f45 = q45k_block_vnni; *f6 = q6k_block_vnni; *simd = 1; break;
    case PROSE_PATH_AVX2: *f45 = q45k_block_avx2; *f6 = q6k_block_avx2; *simd = 1; break;
    case PROSE_PATH_AVX2_128: *f45 = q45k_block_avx2_128; *f6 = q6k_block_avx2_128; *simd = 1; break;
    default: break;
    }
#endif
}

#define KQ_PREFETCH(p) __builtin_prefetch((const char *)(p) + 512)

// Q4_K (five_bit = 0) and Q5_K (five_bit = 1): per block S (scaled sums) and M (minimum sums), then
// total += (da·d)·S − (da·dmin)·M in the Swift oracle's order.
static float q45k_row(int five_bit, int nb, const uint8_t *row, const uint8_t *act, q45k_fn f45, int simd) {
    const int bbytes = five_bit ? 176 : 144, qoff = five_bit ? 48 : 16;
    float total = 0;
    for (int b = 0; b < nb; b++) {
        const uint8_t *blk = row + (size_t)bbytes * b, *ab = act + (size_t)292 * b;
        KQ_PREFETCH(blk + bbytes);
        uint8_t sc[8], m[8];
        kq_scales(blk + 4, sc, m);
        const int S = f45(blk + qoff, five_bit ? blk + 16 : NULL, sc, (const int8_t *)(ab + 4));
#if KQ_AVX2
        const int M = simd ? kq_min_sum_simd(ab, m) : kq_min_sum(ab, m);
#else
        const int M = kq_min_sum(ab, m);
        (void)simd;
#endif
        const float da = prose_rdf32(ab);
        const float t1 = da * prose_h2f(prose_rd16(blk)) * (float)S;
        const float t2 = da * prose_h2f(prose_rd16(blk + 2)) * (float)M;
        total += t1 - t2;
    }
    return total;
}

// Q6_K: per block Σ_g scale_g·Σ (q − 32)·qa = S − 32·Σ_g scale_g·bsum_g, then total += (da·d)·that.
static float q6k_row(int nb, const uint8_t *row, const uint8_t *act, q6k_fn f6, int simd) {
    float total = 0;
    for (int b = 0; b < nb; b++) {
        const uint8_t *blk = row + (size_t)210 * b, *ab = act + (size_t)292 * b;
        KQ_PREFETCH(blk + 210);
        const int8_t *scales = (const int8_t *)(blk + 192);
#if KQ_AVX2
        const int offset = simd ? kq_q6_offset_simd(ab, scales) : kq_q6_offset(ab, scales);
#else
        const int offset = kq_q6_offset(ab, scales);
        (void)simd;
#endif
        const int S = f6(blk, (const int8_t *)(ab + 4)) - 32 * offset;
        total += prose_rdf32(ab) * prose_h2f(prose_rd16(blk + 208)) * (float)S;
    }
    return total;
}

// ggml type codes: 12 = Q4_K, 13 = Q5_K, 14 = Q6_K.
static inline float kq_row(int type, int nb, const uint8_t *row, const uint8_t *act, q45k_fn f45, q6k_fn f6, int simd) {
    return type == 14 ? q6k_row(nb, row, act, f6, simd) : q45k_row(type == 13, nb, row, act, f45, simd);
}

static void kq_matvec(int type, int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) {
    q45k_fn f45; q6k_fn f6; int simd;
    kq_kernels(&f45, &f6, &simd);
    for (int r = r0; r < r1; r++) y[r] = kq_row(type, n / 256, (const uint8_t *)w + (size_t)r * row_bytes, (const uint8_t *)a, f45, f6, simd);
}

void prose_matvec_q4_K_q8_K(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) {
    kq_matvec(12, n, w, row_bytes, r0, r1, a, y);
}

void prose_matvec_q5_K_q8_K(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) {
    kq_matvec(13, n, w, row_bytes, r0, r1, a, y);
}

void prose_matvec_q6_K_q8_K(int n, const void *w, size_t row_bytes, int r0, int r1, const void *a, float *y) {
    kq_matvec(14, n, w, row_bytes, r0, r1, a, y);
}

// ---- Batched prompt product ---------------------------------------------------------------------
// Why a kernel of its own: one token at a time, every (row, block) pays for unpacking the weight
// block (nibbles, fifth/sixth bits, the 6-bit scales) and for scalar minimum/offset sums and float
// steps. Here a row's block is unpacked once for 8 tokens, the 8 tokens' integer sums are reduced
// together (a `vphaddd` tree instead of 8 horizontal sums), the minimum (Q4_K/Q5_K) and offset (Q6_K)
// sums come from one `vpmaddwd` over the Q8_K bsums, and the float step runs for 8 tokens in one vector:
// lane t computes (da_t·d)·S_t − (da_t·dmin)·M_t and adds it to total_t, the scalar expression of the
// row function, IEEE-rounded the same way (no contraction), so every value keeps its bits.
//
// Blocking: 16 rows (≤ 16 × 1.2 KB of SmolLM2 ffn_down) × 8 tokens' activations (8 × 292 B a block)
// stay in L1 while the rows run.
#define KQ_ROWS_PER_CHUNK 16
#define KQ_MAX_BLOCKS 64

#if KQ_AVX2
// Lane i of the result = the sum of the 8 int32 lanes of v[i]. Exact integers: any order is fine.
static inline __m256i kq_reduce8(const __m256i v[8]) {
    const __m256i a = _mm256_hadd_epi32(_mm256_hadd_epi32(v[0], v[1]), _mm256_hadd_epi32(v[2], v[3]));
    const __m256i b = _mm256_hadd_epi32(_mm256_hadd_epi32(v[4], v[5]), _mm256_hadd_epi32(v[6], v[7]));
    return _mm256_add_epi32(_mm256_permute2x128_si256(a, b, 0x20), _mm256_permute2x128_si256(a, b, 0x31));
}

static inline void kq_store8(__m256 total, float *y, size_t ys, int t0, int tokens, int r) {
    float out[8];
    _mm256_storeu_ps(out, total);
    for (int i = 0; i < 8 && t0 + i < tokens; i++) y[(size_t)(t0 + i) * ys + r] = out[i];
}

// Q4_K / Q5_K rows [r0, r1) × tokens; da = the tokens' Q8_K scales, block-major (da[b·tpad + t]).
#define KQ_MM45_256(NAME, DOT, ATTR)                                                                     \
    ATTR static void NAME(int five_bit, int nb, const uint8_t *w, size_t row_bytes, int r0, int r1,      \
                          const uint8_t *const *act, int tokens, const float *da, int tpad, float *y, size_t ys) { \
        const int bbytes = five_bit ? 176 : 144, qoff = five_bit ? 48 : 16;                              \
        const __m256i m4 = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);                            \
        for (int t0 = 0; t0 < tokens; t0 += 8) {                                                         \
            for (int r = r0; r < r1; r++) {                                                              \
                const uint8_t *row = w + (size_t)r * row_bytes;                                          \
                __m256 total = _mm256_setzero_ps();                                                      \
                for (int b = 0; b < nb; b++) {                                                           \
                    const uint8_t *blk = row + (size_t)bbytes * b;                                       \
                    uint8_t sc[8], m[8];                                                                 \
                    kq_scales(blk + 4, sc, m);                                                           \
                    const __m256i h = five_bit ? _mm256_loadu_si256((const __m256i *)(blk + 16)) : _mm256_setzero_si256(); \
                    __m256i q[8], s[8];                                                                  \
                    for (int c = 0; c < 4; c++) {                                                        \
                        const __m256i v = _mm256_loadu_si256((const __m256i *)(blk + qoff + 32 * c));    \
                        q[2 * c] = _mm256_or_si256(_mm256_and_si256(v, m4),                              \
                            _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2 * c), one), 4));   \
                        q[2 * c + 1] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(v, 4), m4),    \
                            _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2 * c + 1), one), 4)); \
                        s[2 * c] = _mm256_set1_epi16(sc[2 * c]);                                         \
                        s[2 * c + 1] = _mm256_set1_epi16(sc[2 * c + 1]);                                 \
                    }                                                                                    \
                    /* m_j twice, against bsums 2j and 2j+1: Σ_j m_j·(bsum_2j + bsum_2j+1) per token. */ \
                    const __m256i mm = _mm256_cvtepu8_epi16(_mm_unpacklo_epi8(_mm_loadl_epi64((const __m128i *)m), \
                                                                              _mm_loadl_epi64((const __m128i *)m))); \
                    __m256i S[8], M[8];                                                                  \
                    for (int i = 0; i < 8; i++) {                                                        \
                        const int t = t0 + i < tokens ? t0 + i : tokens - 1;                             \
                        const uint8_t *ab = act[t] + (size_t)292 * b;                                    \
                        __m256i acc = _mm256_setzero_si256();                                            \
                        for (int k = 0; k < 8; k++)                                                      \
                            DOT(acc, q[k], _mm256_loadu_si256((const __m256i *)(ab + 4 + 32 * k)), s[k]); \
                        S[i] = acc;                                                                      \
                        M[i] = _mm256_madd_epi16(_mm256_loadu_si256((const __m256i *)(ab + 260)), mm);   \
                    }                                                                                    \
                    const __m256 dav = _mm256_loadu_ps(da + (size_t)b * tpad + t0);                      \
                    const __m256 t1 = _mm256_mul_ps(_mm256_mul_ps(dav, _mm256_set1_ps(prose_h2f(prose_rd16(blk)))), \
                                                    _mm256_cvtepi32_ps(kq_reduce8(S)));                  \
                    const __m256 t2 = _mm256_mul_ps(_mm256_mul_ps(dav, _mm256_set1_ps(prose_h2f(prose_rd16(blk + 2)))), \
                                                    _mm256_cvtepi32_ps(kq_reduce8(M)));                  \
                    total = _mm256_add_ps(total, _mm256_sub_ps(t1, t2));                                 \
                }                                                                                        \
                kq_store8(total, y, ys, t0, tokens, r);                                                  \
            }                                                                                            \
        }                                                                                                \
    }
KQ_MM45_256(q45k_mm_avx2, KQ_DOT256, )
KQ_MM45_256(q45k_mm_vnni, KQ_DOTVNNI, KQ_VNNI)

// Q6_K rows × tokens: S_t = Σ_g scale_g·Σ q·qa − 32·Σ_g scale_g·bsum_g, total_t += (da_t·d)·S_t.
#define KQ_MM6_256(NAME, DOT, ATTR)                                                                      \
    ATTR static void NAME(int nb, const uint8_t *w, size_t row_bytes, int r0, int r1,                    \
                          const uint8_t *const *act, int tokens, const float *da, int tpad, float *y, size_t ys) { \
        const __m256i m4 = _mm256_set1_epi8(0x0F), m3 = _mm256_set1_epi8(3);                             \
        for (int t0 = 0; t0 < tokens; t0 += 8) {                                                         \
            for (int r = r0; r < r1; r++) {                                                              \
                const uint8_t *row = w + (size_t)r * row_bytes;                                          \
                __m256 total = _mm256_setzero_ps();                                                      \
                for (int b = 0; b < nb; b++) {                                                           \
                    const uint8_t *blk = row + (size_t)210 * b;                                          \
                    const int8_t *scales = (const int8_t *)(blk + 192);                                  \
                    __m256i q[8], s[8];                                                                  \
                    for (int hh = 0; hh < 2; hh++) {                                                     \
                        const __m256i l0 = _mm256_loadu_si256((const __m256i *)(blk + 64 * hh));         \
                        const __m256i l1 = _mm256_loadu_si256((const __m256i *)(blk + 64 * hh + 32));    \
                        const __m256i qh = _mm256_loadu_si256((const __m256i *)(blk + 128 + 32 * hh));   \
                        q[4 * hh] = _mm256_or_si256(_mm256_and_si256(l0, m4), _mm256_slli_epi16(_mm256_and_si256(qh, m3), 4)); \
                        q[4 * hh + 1] = _mm256_or_si256(_mm256_and_si256(l1, m4),                         \
                            _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2), m3), 4));       \
                        q[4 * hh + 2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), m4),   \
                            _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 4), m3), 4));       \
                        q[4 * hh + 3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), m4),   \
                            _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 6), m3), 4));       \
                        for (int i = 0; i < 4; i++)                                                      \
                            s[4 * hh + i] = _mm256_setr_m128i(_mm_set1_epi16(scales[8 * hh + 2 * i]),    \
                                                              _mm_set1_epi16(scales[8 * hh + 2 * i + 1])); \
                    }                                                                                    \
                    const __m256i sc16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)scales)); \
                    __m256i S[8], O[8];                                                                  \
                    for (int i = 0; i < 8; i++) {                                                        \
                        const int t = t0 + i < tokens ? t0 + i : tokens - 1;                             \
                        const uint8_t *ab = act[t] + (size_t)292 * b;                                    \
                        __m256i acc = _mm256_setzero_si256();                                            \
                        for (int k = 0; k < 8; k++)                                                      \
                            DOT(acc, q[k], _mm256_loadu_si256((const __m256i *)(ab + 4 + 128 * (k / 4) + 32 * (k % 4))), s[k]); \
                        S[i] = acc;                                                                      \
                        O[i] = _mm256_madd_epi16(_mm256_loadu_si256((const __m256i *)(ab + 260)), sc16); \
                    }                                                                                    \
                    const __m256i St = _mm256_sub_epi32(kq_reduce8(S), _mm256_slli_epi32(kq_reduce8(O), 5)); \
                    const __m256 dav = _mm256_loadu_ps(da + (size_t)b * tpad + t0);                      \
                    total = _mm256_add_ps(total, _mm256_mul_ps(_mm256_mul_ps(dav, _mm256_set1_ps(prose_h2f(prose_rd16(blk + 208)))), \
                                                               _mm256_cvtepi32_ps(St)));                 \
                }                                                                                        \
                kq_store8(total, y, ys, t0, tokens, r);                                                  \
            }                                                                                            \
        }                                                                                                \
    }
KQ_MM6_256(q6k_mm_avx2, KQ_DOT256, )
KQ_MM6_256(q6k_mm_vnni, KQ_DOTVNNI, KQ_VNNI)
#endif

// Y[t][r] = W[r]·acts[t]: every value bit-identical to the one-token row function. The SIMD paths
// run the kernels above; portable (and matrices wider than KQ_MAX_BLOCKS blocks) runs the row
// function per token over 16-row chunks.
void prose_matmul_kquant(int type, int n, const void *w, size_t row_bytes, int r0, int r1, int tokens,
                         const void *const *acts, float *y, size_t y_stride) {
    if (r0 >= r1 || tokens <= 0) return;
    const int nb = n / 256;
#if KQ_AVX2
    const int path = prose_kernel_path();
    // avx2-128 (Zen 1) runs the 256-bit AVX2 kernel too: its per-token work (loads, vpmaddubsw,
    // vpmaddwd, vpaddd) stays inside 128-bit lanes, so split units run it at the 128-bit code's rate,
    // and the few lane-crossing steps (the token reduction, scale widening) are per block, not per value.
    if (path != PROSE_PATH_PORTABLE && nb <= KQ_MAX_BLOCKS && tokens <= 64) {
        const int tpad = (tokens + 7) / 8 * 8;
        float da[KQ_MAX_BLOCKS * 64];
        for (int b = 0; b < nb; b++)
            for (int t = 0; t < tpad; t++)
                da[b * tpad + t] = prose_rdf32((const uint8_t *)acts[t < tokens ? t : tokens - 1] + (size_t)292 * b);
        const uint8_t *const *act = (const uint8_t *const *)acts;
        const int vnni = path == PROSE_PATH_AVX512_VNNI;
        for (int c0 = r0; c0 < r1; c0 += KQ_ROWS_PER_CHUNK) {
            const int c1 = c0 + KQ_ROWS_PER_CHUNK < r1 ? c0 + KQ_ROWS_PER_CHUNK : r1;
            if (type == 14) {
                (vnni ? q6k_mm_vnni : q6k_mm_avx2)(nb, (const uint8_t *)w, row_bytes, c0, c1, act, tokens, da, tpad, y, y_stride);
            } else {
                (vnni ? q45k_mm_vnni : q45k_mm_avx2)(type == 13, nb, (const uint8_t *)w, row_bytes, c0, c1, act, tokens, da, tpad, y, y_stride);
            }
        }
        return;
    }
#endif
    q45k_fn f45; q6k_fn f6; int simd;
    kq_kernels(&f45, &f6, &simd);
    for (int c0 = r0; c0 < r1; c0 += KQ_ROWS_PER_CHUNK) {
        const int c1 = c0 + KQ_ROWS_PER_CHUNK < r1 ? c0 + KQ_ROWS_PER_CHUNK : r1;
        for (int t = 0; t < tokens; t++) {
            float *yt = y + (size_t)t * y_stride;
            for (int r = c0; r < c1; r++)
                yt[r] = kq_row(type, nb, (const uint8_t *)w + (size_t)r * row_bytes, (const uint8_t *)acts[t], f45, f6, simd);
        }
    }
}
