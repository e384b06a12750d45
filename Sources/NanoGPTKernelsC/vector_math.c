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

T512 void sonnet_causal_softmax_row_avx512(float *row, int last, int width, float scale) {
    const int valid = last + 1;
    /* The maximum of the visible entries: any order gives the same value (a ±0 tie cannot change
     * an output: x·scale − (±0) differs only for x·scale = ±0, whose exp is 1 either way). */
    __m512 m = _mm512_set1_ps(row[0]);
    for (int j = 0; j < valid; j += 16) {
        const __mmask16 in = valid - j >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (valid - j)) - 1);
        m = _mm512_mask_max_ps(m, in, m, _mm512_maskz_loadu_ps(in, row + j));
    }
    const float max_value = _mm512_reduce_max_ps(m);
    const __m512 sv = _mm512_set1_ps(scale), mv = _mm512_set1_ps(max_value * scale);
    /* exp over the visible entries, exactly 0 past them (Swift: -inf then exp, then 0). */
    for (int j = 0; j < width; j += 16) {
        const int left = width - j < 16 ? width - j : 16;
        const __mmask16 lanes = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
        const int vis = valid - j;
        const __mmask16 in = vis >= 16 ? (__mmask16)0xFFFF : vis <= 0 ? 0 : (__mmask16)((1u << vis) - 1);
        const __m512 x = _mm512_maskz_loadu_ps(lanes, row + j);
        const __m512 e = exp16(_mm512_sub_ps(_mm512_mul_ps(x, sv), mv));
        _mm512_mask_storeu_ps(row + j, lanes, _mm512_maskz_mov_ps(in, e));
    }
    /* Σ as Swift forms it: an 8-lane accumulator over 8-wide chunks, then lanes 0..7 left to right. */
    __m256 total = _mm256_setzero_ps();
    for (int j = 0; j < width; j += 8) total = _mm256_add_ps(total, _mm256_loadu_ps(row + j));
    float lanes[8];
    _mm256_storeu_ps(lanes, total);
    float sum = lanes[0];
    for (int l = 1; l < 8; l++) sum += lanes[l];
    const __m512 inv = _mm512_set1_ps(1.0f / sum);
    for (int j = 0; j < width; j += 16) {
        const int left = width - j < 16 ? width - j : 16;
        const __mmask16 lanes16 = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
        _mm512_mask_storeu_ps(row + j, lanes16, _mm512_mul_ps(_mm512_maskz_loadu_ps(lanes16, row + j), inv));
    }
}
#else
#include <stdlib.h>
void sonnet_gelu_rows_avx512(float *p, int rows, int width, int ld) { (void)p; (void)rows; (void)width; (void)ld; abort(); }
void sonnet_causal_softmax_row_avx512(float *row, int last, int width, float scale) {
    (void)row; (void)last; (void)width; (void)scale;
    abort();
}
#endif
