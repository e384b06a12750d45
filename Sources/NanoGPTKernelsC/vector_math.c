/* GELU, LayerNorm, Kᵀ and causal softmax of the AVX-512 path, 16 lanes (see NanoGPTKernelsC.h).
 *
 * They replay VectorMath.swift operation for operation (same constants, same evaluation order, one
 * rounding per operation, no contraction: -ffp-contract=off), so every output equals the Swift
 * 8-lane version bit for bit; lane-wise operations do not care how many lanes run together. The
 * reductions (LayerNorm's sums, the softmax total) keep Swift's 8-lane accumulators and its
 * left-to-right lane sum; a maximum is order-free. */
#include "NanoGPTKernelsC.h"
#if defined(__x86_64__)
#include <immintrin.h>

#include "simd16.h"

/* Rows per softmax block: the AVX-512 path's causal row blocks (the GEMM tile's 8 rows). */
enum { SOFTMAX_ROWS = 8 };

T512 void sonnet_gelu_rows_avx512(float *p, int rows, int width, int ld) {
    for (int r = 0; r < rows; r++) {
        float *row = p + (size_t)r * ld;
        int j = 0;
        for (; j + 64 <= width; j += 64) {   /* four vectors side by side (see exp16xn) */
            __m512 v[4] = {_mm512_loadu_ps(row + j), _mm512_loadu_ps(row + j + 16), _mm512_loadu_ps(row + j + 32),
                           _mm512_loadu_ps(row + j + 48)};
            gelu16xn(4, v);
            for (int i = 0; i < 4; i++) _mm512_storeu_ps(row + j + 16 * i, v[i]);
        }
        for (; j < width; j += 16) {
            __m512 v = _mm512_loadu_ps(row + j);
            gelu16xn(1, &v);
            _mm512_storeu_ps(row + j, v);
        }
    }
}

/* Lanes 0..7 added left to right, as Swift's SIMD8.sum() does. */
INLINE T512 float sum8(__m256 v) {
    const __m128 lo = _mm256_castps256_ps128(v), hi = _mm256_extractf128_ps(v, 1);
    float sum = _mm_cvtss_f32(lo);
    sum += _mm_cvtss_f32(_mm_shuffle_ps(lo, lo, 1));
    sum += _mm_cvtss_f32(_mm_shuffle_ps(lo, lo, 2));
    sum += _mm_cvtss_f32(_mm_shuffle_ps(lo, lo, 3));
    sum += _mm_cvtss_f32(hi);
    sum += _mm_cvtss_f32(_mm_shuffle_ps(hi, hi, 1));
    sum += _mm_cvtss_f32(_mm_shuffle_ps(hi, hi, 2));
    sum += _mm_cvtss_f32(_mm_shuffle_ps(hi, hi, 3));
    return sum;
}

/* VectorMath.layerNorm over 128 features: the two reductions keep Swift's pair of 8-lane
 * accumulators (even and odd 8-wide chunks) and its lane sum; the affine pass is lane-wise. R ≤ 8 rows
 * side by side: one row alone is a chain of dependent adds, a lane sum, a square root and two
 * divisions (latency-bound); 8 rows (32 accumulators in AVX-512's 32 registers) took 2.35% of a
 * Sonnet step against 2.8% for 4 (bench sonnet's time shares, 4 alternated pairs). */
INLINE T512 void layer_norm_rows(const int R, const float *x, float *out, const float *weight, const float *bias,
                                 float epsilon) {
    enum { WIDTH = 128 };
    __m256 s0[8], s1[8], q0[8], q1[8];
    float mean[8], variance[8];
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) { s0[r] = _mm256_setzero_ps(); s1[r] = _mm256_setzero_ps(); }
    for (int j = 0; j < WIDTH; j += 16) {
#pragma clang loop unroll(full)
        for (int r = 0; r < R; r++) {
            s0[r] = _mm256_add_ps(s0[r], _mm256_loadu_ps(x + r * WIDTH + j));
            s1[r] = _mm256_add_ps(s1[r], _mm256_loadu_ps(x + r * WIDTH + j + 8));
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) {
        mean[r] = sum8(_mm256_add_ps(s0[r], s1[r])) / (float)WIDTH;
        q0[r] = _mm256_setzero_ps();
        q1[r] = _mm256_setzero_ps();
    }
    for (int j = 0; j < WIDTH; j += 16) {
#pragma clang loop unroll(full)
        for (int r = 0; r < R; r++) {
            const __m256 m8 = _mm256_set1_ps(mean[r]);
            const __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(x + r * WIDTH + j), m8);
            const __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(x + r * WIDTH + j + 8), m8);
            q0[r] = _mm256_add_ps(q0[r], _mm256_mul_ps(d0, d0));
            q1[r] = _mm256_add_ps(q1[r], _mm256_mul_ps(d1, d1));
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) variance[r] = sum8(_mm256_add_ps(q0[r], q1[r])) / (float)WIDTH;
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) {
        const __m512 inv = _mm512_set1_ps(1.0f / _mm_cvtss_f32(_mm_sqrt_ss(_mm_set_ss(variance[r] + epsilon))));
        const __m512 m16 = _mm512_set1_ps(mean[r]);
        for (int j = 0; j < WIDTH; j += 16) {
            const __m512 v = _mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(x + r * WIDTH + j), m16), inv);
            _mm512_storeu_ps(out + r * WIDTH + j,
                             _mm512_add_ps(_mm512_mul_ps(v, _mm512_loadu_ps(weight + j)), _mm512_loadu_ps(bias + j)));
        }
    }
}

T512 void sonnet_layer_norm_avx512(const float *x, float *out, int rows, const float *weight, const float *bias,
                                   float epsilon) {
    int r = 0;
    for (; r + 8 <= rows; r += 8) layer_norm_rows(8, x + (size_t)r * 128, out + (size_t)r * 128, weight, bias, epsilon);
    for (; r + 4 <= rows; r += 4) layer_norm_rows(4, x + (size_t)r * 128, out + (size_t)r * 128, weight, bias, epsilon);
    for (; r < rows; r++) layer_norm_rows(1, x + (size_t)r * 128, out + (size_t)r * 128, weight, bias, epsilon);
}

/* Lanes 0..n-1 set. */
INLINE __mmask16 first_lanes(int n) {
    return n >= 16 ? (__mmask16)0xFFFF : n <= 0 ? (__mmask16)0 : (__mmask16)((1u << n) - 1);
}

/* In: r[i] = row i of a 16 x 16 block. Out: r[j] = column j. Four rounds of in-lane and 128-bit-lane
 * shuffles (64 in all). */
INLINE T512 void transpose16(__m512 r[16]) {
    __m512 t[16];
#pragma clang loop unroll(full)
    for (int i = 0; i < 8; i++) {   /* pairs of rows interleaved: a0 b0 a1 b1 | a4 b4 a5 b5 | ... */
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < 4; i++) {   /* 128-bit lane L of r[4i + j]: rows 4i..4i+3 of column 4L + j */
        r[4 * i] = _mm512_shuffle_ps(t[4 * i], t[4 * i + 2], _MM_SHUFFLE(1, 0, 1, 0));
        r[4 * i + 1] = _mm512_shuffle_ps(t[4 * i], t[4 * i + 2], _MM_SHUFFLE(3, 2, 3, 2));
        r[4 * i + 2] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(1, 0, 1, 0));
        r[4 * i + 3] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < 2; i++) {   /* then whole 128-bit lanes, in two rounds */
#pragma clang loop unroll(full)
        for (int j = 0; j < 4; j++) {
            t[8 * i + j] = _mm512_shuffle_f32x4(r[8 * i + j], r[8 * i + 4 + j], 0x88);
            t[8 * i + 4 + j] = _mm512_shuffle_f32x4(r[8 * i + j], r[8 * i + 4 + j], 0xdd);
        }
    }
#pragma clang loop unroll(full)
    for (int j = 0; j < 8; j++) {
        r[j] = _mm512_shuffle_f32x4(t[j], t[8 + j], 0x88);
        r[8 + j] = _mm512_shuffle_f32x4(t[j], t[8 + j], 0xdd);
    }
}

/* 16 keys x 16 dimensions at a time, transposed in registers (a copy: no arithmetic, so trivially
 * identical). Why not one gather per dimension: gathers run at a fraction of a load's speed here
 * (microcode-mitigated on many CPUs); they took ~1% of a step, ten times what 64 shuffles take. */
T512 void sonnet_transpose_keys_avx512(const float *keys, int ldk, int t, float *kt, int ldkt) {
    for (int j0 = 0; j0 < t; j0 += 16) {
        const __mmask16 in = first_lanes(t - j0);
        const int n = t - j0 < 16 ? t - j0 : 16;
        for (int d0 = 0; d0 < 32; d0 += 16) {
            __m512 r[16];
#pragma clang loop unroll(full)
            for (int i = 0; i < 16; i++)
                r[i] = i < n ? _mm512_loadu_ps(keys + (size_t)(j0 + i) * ldk + d0) : _mm512_setzero_ps();
            transpose16(r);
#pragma clang loop unroll(full)
            for (int d = 0; d < 16; d++) _mm512_mask_storeu_ps(kt + (size_t)(d0 + d) * ldkt + j0, in, r[d]);
        }
    }
}

/* A block of up to 8 rows with V = ceil(width / 16) vectors each, held in registers from the exps
 * to the scaled store. Each step runs across all rows before the next step: one row alone is a
 * chain of dependent operations (max, exp, lane sum, 1/Σ; ≈ 200 cycles of latency), several side by
 * side keep both vector ports busy. */
INLINE T512 void softmax_block(const int V, float *scores, int ld, int rows, int first_last, int width, float scale) {
    enum { MAX_ROWS = SOFTMAX_ROWS };
    const __m512 sv = _mm512_set1_ps(scale);
    __m512 e[MAX_ROWS][4];
    __m512 mv[MAX_ROWS];
    /* The maximum of the visible entries: any order gives the same value (a ±0 tie cannot change
     * an output: x·scale − (±0) differs only for x·scale = ±0, whose exp is 1 either way). */
#pragma clang loop unroll(full)
    for (int r = 0; r < MAX_ROWS; r++) {
        if (r < rows) {
            const float *row = scores + (size_t)r * ld;
            const int valid = first_last + r + 1;
            __m512 m = _mm512_set1_ps(row[0]);
#pragma clang loop unroll(full)
            for (int q = 0; q < V; q++) {
                const __mmask16 in = first_lanes(valid - 16 * q);
                m = _mm512_mask_max_ps(m, in, m, _mm512_maskz_loadu_ps(in, row + 16 * q));
            }
            mv[r] = _mm512_set1_ps(_mm512_reduce_max_ps(m) * scale);
        }
    }
    /* exp over the visible entries, exactly 0 past them (Swift: -inf, exp, then 0): the block's
     * rows·V vectors in one list, four side by side (exp16xn). */
    __m512 t[MAX_ROWS * 4];
#pragma clang loop unroll(full)
    for (int r = 0; r < MAX_ROWS; r++) {
        if (r < rows) {
            const float *row = scores + (size_t)r * ld;
#pragma clang loop unroll(full)
            for (int q = 0; q < V; q++) {
                const __m512 x = _mm512_maskz_loadu_ps(first_lanes(width - 16 * q), row + 16 * q);
                t[r * V + q] = _mm512_sub_ps(_mm512_mul_ps(x, sv), mv[r]);
            }
        }
    }
    const int count = rows * V;
    int i = 0;
    for (; i + 4 <= count; i += 4) exp16xn(4, t + i);
    for (; i < count; i++) exp16xn(1, t + i);
#pragma clang loop unroll(full)
    for (int r = 0; r < MAX_ROWS; r++) {
        if (r < rows) {
            const int valid = first_last + r + 1;
#pragma clang loop unroll(full)
            for (int q = 0; q < V; q++) e[r][q] = _mm512_maskz_mov_ps(first_lanes(valid - 16 * q), t[r * V + q]);
        }
    }
    /* Σ as Swift forms it: an 8-lane accumulator over the 8-wide chunks in order, then lanes 0..7
     * left to right; then the scaled store. */
#pragma clang loop unroll(full)
    for (int r = 0; r < MAX_ROWS; r++) {
        if (r < rows) {
            __m256 total = _mm256_setzero_ps();
#pragma clang loop unroll(full)
            for (int q = 0; q < V; q++) {
                total = _mm256_add_ps(total, _mm512_castps512_ps256(e[r][q]));
                if (16 * q + 8 < width)
                    total = _mm256_add_ps(total, _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(e[r][q]), 1)));
            }
            const __m512 inv = _mm512_set1_ps(1.0f / sum8(total));
            float *row = scores + (size_t)r * ld;
#pragma clang loop unroll(full)
            for (int q = 0; q < V; q++) _mm512_mask_storeu_ps(row + 16 * q, first_lanes(width - 16 * q), _mm512_mul_ps(e[r][q], inv));
        }
    }
}

T512 void sonnet_causal_softmax_rows_avx512(float *scores, int ld, int rows, int first_last, int width, float scale) {
    /* Blocks of at most 8 rows (the model's causal row blocks), the vector count a constant. */
    for (int r0 = 0; r0 < rows; r0 += SOFTMAX_ROWS) {
        float *block = scores + (size_t)r0 * ld;
        const int count = rows - r0 < SOFTMAX_ROWS ? rows - r0 : SOFTMAX_ROWS;
        switch ((width + 15) / 16) {
        case 1: softmax_block(1, block, ld, count, first_last + r0, width, scale); break;
        case 2: softmax_block(2, block, ld, count, first_last + r0, width, scale); break;
        case 3: softmax_block(3, block, ld, count, first_last + r0, width, scale); break;
        default: softmax_block(4, block, ld, count, first_last + r0, width, scale); break;
        }
    }
}
#else
#include <stdlib.h>
void sonnet_gelu_rows_avx512(float *p, int rows, int width, int ld) { (void)p; (void)rows; (void)width; (void)ld; abort(); }
void sonnet_transpose_keys_avx512(const float *keys, int ldk, int t, float *kt, int ldkt) {
    (void)keys; (void)ldk; (void)t; (void)kt; (void)ldkt;
    abort();
}
void sonnet_layer_norm_avx512(const float *x, float *out, int rows, const float *weight, const float *bias,
                              float epsilon) {
    (void)x; (void)out; (void)rows; (void)weight; (void)bias; (void)epsilon;
    abort();
}
void sonnet_causal_softmax_rows_avx512(float *scores, int ld, int rows, int first_last, int width, float scale) {
    (void)scores; (void)ld; (void)rows; (void)first_last; (void)width; (void)scale;
    abort();
}
#endif

/* Kᵀ of one head for the AVX2 path, on 4 x 4 blocks in SSE registers (x86-64's baseline, so every CPU;
 * 128-bit shuffles, which Zen 1 runs at full speed, unlike its split 256-bit lane permutes). Key
 * columns past the last multiple of 4 are copied one by one; columns >= t are not written. */
void sonnet_transpose_keys(const float *keys, int ldk, int t, float *kt, int ldkt) {
    int j0 = 0;
#if defined(__x86_64__)
    for (; j0 + 4 <= t; j0 += 4) {
        const float *src = keys + (size_t)j0 * ldk;
        for (int d0 = 0; d0 < 32; d0 += 4) {
            __m128 r0 = _mm_loadu_ps(src + d0), r1 = _mm_loadu_ps(src + ldk + d0);
            __m128 r2 = _mm_loadu_ps(src + 2 * (size_t)ldk + d0), r3 = _mm_loadu_ps(src + 3 * (size_t)ldk + d0);
            _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
            _mm_storeu_ps(kt + (size_t)d0 * ldkt + j0, r0);
            _mm_storeu_ps(kt + (size_t)(d0 + 1) * ldkt + j0, r1);
            _mm_storeu_ps(kt + (size_t)(d0 + 2) * ldkt + j0, r2);
            _mm_storeu_ps(kt + (size_t)(d0 + 3) * ldkt + j0, r3);
        }
    }
#endif
    for (; j0 < t; j0++)
        for (int d = 0; d < 32; d++) kt[(size_t)d * ldkt + j0] = keys[(size_t)j0 * ldk + d];
}
