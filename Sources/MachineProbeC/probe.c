/* Machine probes and the calibration workload (harness.md 4.3). Plain C so the figures do not
 * depend on how the Swift optimiser treats a loop; built with the kernels' -mavx2 -mfma. */
#include "MachineProbeC.h"
#include <time.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

double hx_dependent_add_seconds(uint64_t adds) {
    uint64_t n = adds & ~(uint64_t)7, x = 0;
    if (n == 0) return 0;
    double t0 = cpu_seconds();
#if defined(__x86_64__)
    // Register operands, not immediates: Intel Golden Cove (Sapphire/Emerald Rapids) folds small
    // immediate adds at rename, and `add $1` chains ran at ~11.7 "GHz" there (2.9 GHz with registers,
    // as an imul chain of latency 3 confirms).
    uint64_t one = 1;
    __asm__ volatile(
        "1:\n\t"
        "add %2, %0\n\tadd %2, %0\n\tadd %2, %0\n\tadd %2, %0\n\t"
        "add %2, %0\n\tadd %2, %0\n\tadd %2, %0\n\tadd %2, %0\n\t"
        "sub $8, %1\n\tjnz 1b\n"
        : "+r"(x), "+r"(n)
        : "r"(one));
#else
    volatile uint64_t v = 0;
    for (uint64_t i = 0; i < n; i++) v = v + 1;
    x = v;
#endif
    (void)x;
    return cpu_seconds() - t0;
}

double hx_dependent_imul_seconds(uint64_t muls) {
    uint64_t n = muls & ~(uint64_t)3, x = 3, m = 3;
    if (n == 0) return 0;
    double t0 = cpu_seconds();
#if defined(__x86_64__)
    __asm__ volatile(
        "1:\n\t"
        "imul %2, %0\n\timul %2, %0\n\timul %2, %0\n\timul %2, %0\n\t"
        "sub $4, %1\n\tjnz 1b\n"
        : "+r"(x), "+r"(n)
        : "r"(m));
#else
    volatile uint64_t v = 3;
    for (uint64_t i = 0; i < n; i++) v = v * m;
    x = v;
#endif
    (void)x;
    return cpu_seconds() - t0;
}

double hx_fma_peak_seconds(uint64_t iterations, float *sink) {
#if defined(__x86_64__) && defined(__FMA__)
    __m256 acc[12];
    for (int i = 0; i < 12; i++) acc[i] = _mm256_set1_ps(1.0f + 0.001f * (float)i);
    const __m256 m = _mm256_set1_ps(0.999999f), a = _mm256_set1_ps(1e-7f);
    double t0 = cpu_seconds();
    for (uint64_t k = 0; k < iterations; k++) {
        for (int i = 0; i < 12; i++) acc[i] = _mm256_fmadd_ps(acc[i], m, a);
        __asm__ volatile("" : "+x"(acc[0]), "+x"(acc[1]), "+x"(acc[2]), "+x"(acc[3]), "+x"(acc[4]), "+x"(acc[5]),
                               "+x"(acc[6]), "+x"(acc[7]), "+x"(acc[8]), "+x"(acc[9]), "+x"(acc[10]), "+x"(acc[11]));
    }
    double dt = cpu_seconds() - t0;
    __m256 s = acc[0];
    for (int i = 1; i < 12; i++) s = _mm256_add_ps(s, acc[i]);
    float lanes[8];
    _mm256_storeu_ps(lanes, s);
    *sink = lanes[0];
    return dt;
#else
    (void)iterations;
    *sink = 0;
    return 0;
#endif
}

#if defined(__x86_64__)
/* The 512-bit probe: the same 12 independent chains as above, 16 lanes each, compiled for AVX-512 F
 * per function so the target still loads on AVX2-only CPUs (call only when hx_cpu_has_avx512f()).
 * On Intel cores with two 512-bit FMA ports this is twice the 256-bit peak; on Zen 4 (512-bit ops
 * split over its 256-bit units) about the same. */
__attribute__((target("avx512f"))) double hx_fma512_peak_seconds(uint64_t iterations, float *sink) {
    __m512 acc[12];
    for (int i = 0; i < 12; i++) acc[i] = _mm512_set1_ps(1.0f + 0.001f * (float)i);
    const __m512 m = _mm512_set1_ps(0.999999f), a = _mm512_set1_ps(1e-7f);
    double t0 = cpu_seconds();
    for (uint64_t k = 0; k < iterations; k++) {
        for (int i = 0; i < 12; i++) acc[i] = _mm512_fmadd_ps(acc[i], m, a);
        __asm__ volatile("" : "+v"(acc[0]), "+v"(acc[1]), "+v"(acc[2]), "+v"(acc[3]), "+v"(acc[4]), "+v"(acc[5]),
                               "+v"(acc[6]), "+v"(acc[7]), "+v"(acc[8]), "+v"(acc[9]), "+v"(acc[10]), "+v"(acc[11]));
    }
    double dt = cpu_seconds() - t0;
    __m512 s = acc[0];
    for (int i = 1; i < 12; i++) s = _mm512_add_ps(s, acc[i]);
    *sink = _mm512_reduce_add_ps(s);
    return dt;
}

int hx_cpu_has_avx512f(void) { return __builtin_cpu_supports("avx512f") ? 1 : 0; }
#else
double hx_fma512_peak_seconds(uint64_t iterations, float *sink) {
    (void)iterations;
    *sink = 0;
    return 0;
}

int hx_cpu_has_avx512f(void) { return 0; }
#endif

float hx_calibration_gemm(const float *a, const float *b, float *c, int reps) {
    enum { M = 64, K = 128, N = 512 };
    for (int r = 0; r < reps; r++) {
        for (int i = 0; i < M; i++) {
            float *row = c + (size_t)i * N;
            for (int k = 0; k < K; k++) {
                const float x = a[(size_t)i * K + k];
                const float *brow = b + (size_t)k * N;
                for (int j = 0; j < N; j++) row[j] += x * brow[j];   /* vectorised to FMA at -O3 */
            }
        }
    }
    float s = 0;
    for (int j = 0; j < N; j += 37) s += c[j];
    return s;
}

int64_t hx_calibration_int8(const uint8_t *weights, const int8_t *activations, size_t n, int reps) {
    int64_t total = 0;
#if defined(__x86_64__) && defined(__AVX2__)
    const __m256i ones = _mm256_set1_epi16(1);
    for (int r = 0; r < reps; r++) {
        __m256i acc = _mm256_setzero_si256();
        size_t i = 0;
        for (; i + 32 <= n; i += 32) {
            __m256i w = _mm256_loadu_si256((const __m256i *)(weights + i));
            __m256i x = _mm256_loadu_si256((const __m256i *)(activations + (i & 4095)));
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(w, x), ones));
        }
        int32_t lanes[8];
        _mm256_storeu_si256((__m256i *)lanes, acc);
        for (int l = 0; l < 8; l++) total += lanes[l];
    }
#else
    for (int r = 0; r < reps; r++)
        for (size_t i = 0; i < n; i++) total += (int64_t)weights[i] * activations[i & 4095];
#endif
    return total;
}
