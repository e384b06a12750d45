/* GELU and causal softmax of the AVX-512 path, 16 lanes (see NanoGPTKernelsC.h).
 *
 * They replay VectorMath.swift operation for operation (same constants, same evaluation order, one
 * rounding per operation, no contraction: -ffp-contract=off), so every output equals the Swift
 * 8-lane version bit for bit; lane-wise operations do not care how many lanes run together. The one
 * reduction (the softmax total) keeps the Swift 8-lane accumulator and its left-to-right lane sum. */
#include "NanoGPTKernelsC.h"
#if defined(__x86_64__)
#include <immintrin.h>

#include "simd16.h"

T512 void sonnet_gelu_rows_avx512(float *p, int rows, int width, int ld) {
    for (int r = 0; r < rows; r++) {
        float *row = p + (size_t)r * ld;
        for (int j = 0; j < width; j += 16) _mm512_storeu_ps(row + j, gelu16(_mm512_loadu_ps(row + j)));
    }
}

/* One row held in registers from the exps to the scaled store (no store-to-load round trip), the
 * rows of a block one after another so their serial chains (max, lane sum, 1/Σ) overlap. */
INLINE T512 void softmax_row(float *row, int last, int width, float scale) {
    const int valid = last + 1, vectors = (width + 15) / 16;
    /* The maximum of the visible entries: any order gives the same value (a ±0 tie cannot change
     * an output: x·scale − (±0) differs only for x·scale = ±0, whose exp is 1 either way). */
    __m512 m = _mm512_set1_ps(row[0]);
    for (int j = 0; j < valid; j += 16) {
        const __mmask16 in = valid - j >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (valid - j)) - 1);
        m = _mm512_mask_max_ps(m, in, m, _mm512_maskz_loadu_ps(in, row + j));
    }
    const __m512 sv = _mm512_set1_ps(scale), mv = _mm512_set1_ps(_mm512_reduce_max_ps(m) * scale);
    /* exp over the visible entries, exactly 0 past them (Swift: -inf, exp, then 0). */
    __m512 e[4];
    for (int q = 0; q < 4; q++) {
        if (q >= vectors) break;
        const int vis = valid - 16 * q;
        const __mmask16 in = vis >= 16 ? (__mmask16)0xFFFF : vis <= 0 ? 0 : (__mmask16)((1u << vis) - 1);
        e[q] = _mm512_maskz_mov_ps(in, exp16(_mm512_sub_ps(_mm512_mul_ps(_mm512_loadu_ps(row + 16 * q), sv), mv)));
    }
    /* Σ as Swift forms it: an 8-lane accumulator over the 8-wide chunks in order, then lanes 0..7
     * left to right. */
    __m256 total = _mm256_setzero_ps();
    for (int q = 0; q < 4; q++) {
        if (q >= vectors) break;
        total = _mm256_add_ps(total, _mm512_castps512_ps256(e[q]));
        if (16 * q + 8 < width) total = _mm256_add_ps(total, _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(e[q]), 1)));
    }
    __m128 lo = _mm256_castps256_ps128(total), hi = _mm256_extractf128_ps(total, 1);
    float sum = _mm_cvtss_f32(lo);
    sum += _mm_cvtss_f32(_mm_shuffle_ps(lo, lo, 1));
    sum += _mm_cvtss_f32(_mm_shuffle_ps(lo, lo, 2));
    sum += _mm_cvtss_f32(_mm_shuffle_ps(lo, lo, 3));
    sum += _mm_cvtss_f32(hi);
    sum += _mm_cvtss_f32(_mm_shuffle_ps(hi, hi, 1));
    sum += _mm_cvtss_f32(_mm_shuffle_ps(hi, hi, 2));
    sum += _mm_cvtss_f32(_mm_shuffle_ps(hi, hi, 3));
    const __m512 inv = _mm512_set1_ps(1.0f / sum);
    for (int q = 0; q < 4; q++) {
        if (q >= vectors) break;
        const int left = width - 16 * q;
        const __mmask16 lanes = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
        _mm512_mask_storeu_ps(row + 16 * q, lanes, _mm512_mul_ps(e[q], inv));
    }
}

T512 void sonnet_causal_softmax_rows_avx512(float *scores, int ld, int rows, int first_last, int width, float scale) {
    for (int r = 0; r < rows; r++) softmax_row(scores + (size_t)r * ld, first_last + r, width, scale);
}
#else
#include <stdlib.h>
void sonnet_gelu_rows_avx512(float *p, int rows, int width, int ld) { (void)p; (void)rows; (void)width; (void)ld; abort(); }
void sonnet_causal_softmax_rows_avx512(float *scores, int ld, int rows, int first_last, int width, float scale) {
    (void)scores; (void)ld; (void)rows; (void)first_last; (void)width; (void)scale;
    abort();
}
#endif
