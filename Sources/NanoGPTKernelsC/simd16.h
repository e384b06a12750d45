/* Lane-wise exp and GELU on 16 lanes, shared by vector_math.c and gemm.c's fused GELU epilogue.
 * They replay VectorMath.swift operation for operation (same constants, same evaluation order, one
 * rounding per operation, no contraction: -ffp-contract=off), so every lane equals the Swift 8-lane
 * result bit for bit. Private to this target. */
#ifndef NANOGPT_SIMD16_H
#define NANOGPT_SIMD16_H
#include <immintrin.h>

#define T512 __attribute__((target("avx512f,avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

/* VectorMath.exp: clamp, n = round(c·log2 e) by the 1.5·2²³ trick, Cephes degree-6 polynomial, 2ⁿ. */
INLINE T512 __m512 exp16(__m512 x) {
    const __m512 lo = _mm512_set1_ps(-87.3f), hi = _mm512_set1_ps(88.3f);
    /* Swift: x < lo ? lo : x, then c > hi ? hi : c. vmaxps(lo, x) is lo > x ? lo : x and returns x
     * when either is NaN, exactly like the Swift mask (a false comparison keeps x); same for min. */
    __m512 c = _mm512_max_ps(lo, x);
    c = _mm512_min_ps(hi, c);
    const __m512 magic = _mm512_set1_ps(0x1.8p23f);
    const __m512 shifted = _mm512_add_ps(_mm512_mul_ps(c, _mm512_set1_ps(1.44269504f)), magic);
    const __m512 n = _mm512_sub_ps(shifted, magic);
    /* n·0.693359375 is exact (an integer |n| ≤ 127 times a 9-bit constant), so the fused
     * c − n·0.693359375 rounds once, like Swift's product-then-subtract. */
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), c);
    r = _mm512_add_ps(r, _mm512_mul_ps(n, _mm512_set1_ps(2.1219444e-4f)));
    __m512 p = _mm512_set1_ps(1.98756915e-4f);
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(5.0000001201e-1f));
    p = _mm512_add_ps(_mm512_add_ps(_mm512_mul_ps(p, _mm512_mul_ps(r, r)), r), _mm512_set1_ps(1.0f));
    /* Swift multiplies by 2ⁿ built in the exponent bits; n ∈ [−126, 127] after the clamp, so 2ⁿ is a
     * normal float and p·2ⁿ is one correctly rounded product, which is what vscalefps computes. */
    return _mm512_scalef_ps(p, n);
}

/* VectorMath.gelu: x / (1 + e^u), u = -1.5957691216·(x + 0.044715·x·x·x). */
INLINE T512 __m512 gelu16(__m512 x) {
    const __m512 cube = _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.044715f), x), x), x);
    const __m512 u = _mm512_mul_ps(_mm512_set1_ps(-1.5957691216f), _mm512_add_ps(x, cube));
    return _mm512_div_ps(x, _mm512_add_ps(_mm512_set1_ps(1.0f), exp16(u)));
}

#endif
