#ifndef MACHINE_PROBE_C_H
#define MACHINE_PROBE_C_H
#include <stddef.h>
#include <stdint.h>

/* Effective core clock: seconds of CPU time for `adds` dependent 1-cycle integer adds
 * (one add per cycle on every x86-64 core since the P6), so clock = adds / seconds. */
double hx_dependent_add_seconds(uint64_t adds);

/* An independent check of that probe: CPU seconds for `muls` dependent 64-bit multiplies, 3 cycles
 * each on every x86-64 core since the P6 (no renamer folds them), so clock = 3 * muls / seconds. */
double hx_dependent_imul_seconds(uint64_t muls);

/* Single-core FMA peak: CPU seconds for `iterations` rounds of 12 independent 8-lane FMA chains
 * (enough chains to cover 2 pipes x 4-6 cycles of latency on Zen 1 to Zen 4);
 * flops = iterations * 12 * 8 * 2. Returns a checksum through `sink` so nothing is elided. */
double hx_fma_peak_seconds(uint64_t iterations, float *sink);

/* The same with 16-lane (512-bit) FMAs; flops = iterations * 12 * 16 * 2. Only when hx_cpu_has_avx512f(). */
double hx_fma512_peak_seconds(uint64_t iterations, float *sink);
int hx_cpu_has_avx512f(void);

/* Calibration part 1, the Sonnet-like work: C[64x512] += A[64x128] . B[128x512] (single
 * precision, FMA) `reps` times over the same cache-resident buffers. Returns a checksum. */
float hx_calibration_gemm(const float *a, const float *b, float *c, int reps);

/* Calibration part 2, the Prose-like work: `reps` int8 x uint8 dot products over `n` bytes
 * (a buffer larger than L2, streamed as a quantised matvec streams its weights). */
int64_t hx_calibration_int8(const uint8_t *weights, const int8_t *activations, size_t n, int reps);

#endif
