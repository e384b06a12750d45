/* Lane-wise exp and GELU on 16 lanes for vector_math.c, several vectors side by side.
 * They replay VectorMath.swift operation for operation (same constants, same evaluation order, one
 * rounding per operation, no contraction: -ffp-contract=off), so every lane equals the Swift 8-lane
 * result bit for bit. Private to this target. */
#ifndef NANOGPT_SIMD16_H
#define NANOGPT_SIMD16_H
#include <immintrin.h>

#define T512 __attribute__((target("avx512f,avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

/* VectorMath.exp on N vectors, each step applied to all N before the next (VectorMath.exp: clamp,
 * n = round(c·log2 e) by the 1.5·2²³ trick, Cephes degree-6 polynomial, 2ⁿ). Why N at a time: one
 * vector is a chain of ~20 dependent operations (~90 cycles); the scheduler holds only ~4 such chains
 * when they arrive one after the other, so the two vector ports idle (measured on Emerald Rapids:
 * 21.7 cycles per vector one at a time, 12.9 with 4 interleaved; same bits, lane by lane). */
INLINE T512 void exp16xn(const int N, __m512 *x) {
    const __m512 lo = _mm512_set1_ps(-87.3f), hi = _mm512_set1_ps(88.3f), magic = _mm512_set1_ps(0x1.8p23f);
    __m512 n[4], r[4], p[4];
#pragma clang loop unroll(full)
    for (int i = 0; i < N; i++) {
        /* Swift: x < lo ? lo : x, then c > hi ? hi : c. vmaxps(lo, x) is lo > x ? lo : x and returns x
         * when either is NaN, exactly like the Swift mask (a false comparison keeps x); same for min. */
        x[i] = _mm512_min_ps(hi, _mm512_max_ps(lo, x[i]));
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < N; i++) p[i] = _mm512_add_ps(_mm512_mul_ps(x[i], _mm512_set1_ps(1.44269504f)), magic);
#pragma clang loop unroll(full)
    for (int i = 0; i < N; i++) n[i] = _mm512_sub_ps(p[i], magic);
    /* n·0.693359375 is exact (an integer |n| ≤ 127 times a 9-bit constant), so the fused
     * c − n·0.693359375 rounds once, like Swift's product-then-subtract. */
#pragma clang loop unroll(full)
    for (int i = 0; i < N; i++) r[i] = _mm512_fnmadd_ps(n[i], _mm512_set1_ps(0.693359375f), x[i]);
#pragma clang loop unroll(full)
    for (int i = 0; i < N; i++) r[i] = _mm512_add_ps(r[i], _mm512_mul_ps(n[i], _mm512_set1_ps(2.1219444e-4f)));
#pragma clang loop unroll(full)
    for (int i = 0; i < N; i++) p[i] = _mm512_add_ps(_mm512_mul_ps(_mm512_set1_ps(1.98756915e-4f), r[i]), _mm512_set1_ps(1.3981999507e-3f));
#pragma clang loop unroll(full)
    for (int i = 0; i < N; i++) p[i] = _mm512_add_ps(_mm512_mul_ps(p[i], r[i]), _mm512_set1_ps(8.3334519073e-3f));
#pragma clang loop unroll(full)
    for (int i = 0; i < N; i++) p[i] = _mm512_add_ps(_mm512_mul_ps(p[i], r[i]), _mm512_set1_ps(4.1665795894e-2f));
#pragma clang loop unroll(full)
    for (int i = 0; i < N; i++) p[i] = _mm512_add_ps(_mm512_mul_ps(p[i], r[i]), _mm512_set1_ps(1.6666665459e-1f));
#pragma clang loop unroll(full)
    for (int i = 0; i < N; i++) p[i] = _mm512_add_ps(_mm512_mul_ps(p[i], r[i]), _mm512_set1_ps(5.0000001201e-1f));
#pragma clang loop unroll(full)
    for (int i = 0; i < N; i++)
        p[i] = _mm512_add_ps(_mm512_add_ps(_mm512_mul_ps(p[i], _mm512_mul_ps(r[i], r[i])), r[i]), _mm512_set1_ps(1.0f));
    /* Swift multiplies by 2ⁿ built in the exponent bits; n ∈ [−126, 127] after the clamp, so 2ⁿ is a
     * normal float and p·2ⁿ is one correctly rounded product, which is what vscalefps computes. */
#pragma clang loop unroll(full)
    for (int i = 0; i < N; i++) x[i] = _mm512_scalef_ps(p[i], n[i]);
}

/* VectorMath.gelu on N vectors: x / (1 + e^u), u = -1.5957691216·(x + 0.044715·x·x·x). */
INLINE T512 void gelu16xn(const int N, __m512 *x) {
    __m512 e[4];
#pragma clang loop unroll(full)
    for (int i = 0; i < N; i++) {
        const __m512 cube = _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.044715f), x[i]), x[i]), x[i]);
        e[i] = _mm512_mul_ps(_mm512_set1_ps(-1.5957691216f), _mm512_add_ps(x[i], cube));
    }
    exp16xn(N, e);
#pragma clang loop unroll(full)
    for (int i = 0; i < N; i++) x[i] = _mm512_div_ps(x[i], _mm512_add_ps(_mm512_set1_ps(1.0f), e[i]));
}

#endif
