// Internal to ProseKernelsC (not in include/, so Swift does not see it): the x8 group kernels' shape,
// shared by the one-token matvec (prose_matvec_x8.c) and the batched prompt matmul (prose_matmul_x8.c).
#ifndef PROSE_X8_INTERNAL_H
#define PROSE_X8_INTERNAL_H
#include <stdint.h>

/// out8[i] = row i of one 8-row Q4_1 group · one expanded Q8_1 activation vector (nb blocks).
typedef void (*q41_fn)(int nb, const uint8_t *group, const float *ad, const float *as, const uint8_t *aq, float *out8);
/// The same for Q8_0 weights × Q8_0 activations; `corr` = `prose_x8_q80_corrections(nb, aq)` (read by the
/// VNNI path only).
typedef void (*q80_fn)(int nb, const uint8_t *group, const float *ad, const uint8_t *aq, const int32_t *corr, float *out8);

/// corr[8·b + j] = −128 · Σ of lane j's 4 activation bytes in block b: stored by `prose_expand_activations`
/// right after the nb blocks of lanes that start at `aq`.
const int32_t *prose_x8_q80_corrections(int nb, const uint8_t *aq);
/// Two tokens through one 8-row Q8_0 group: the VNNI path (AVX-512 VNNI CPUs only) and the avx2-128 path
/// (any AVX2 CPU; `c0`, `c1` unused). Each token's results are those of the path's one-token kernel.
typedef void (*q80_pair_fn)(int nb, const uint8_t *group, const float *ad0, const uint8_t *aq0, const int32_t *c0,
                            const float *ad1, const uint8_t *aq1, const int32_t *c1, float *out0, float *out1);
void prose_x8_q80_group2_avx2_128(int nb, const uint8_t *group, const float *ad0, const uint8_t *aq0, const int32_t *c0,
                                  const float *ad1, const uint8_t *aq1, const int32_t *c1, float *out0, float *out1);
void prose_x8_q80_group2_vnni(int nb, const uint8_t *group, const float *ad0, const uint8_t *aq0, const int32_t *c0,
                              const float *ad1, const uint8_t *aq1, const int32_t *c1, float *out0, float *out1);

/// The group kernels of the path in use (`prose_kernel_path`).
void prose_x8_group_kernels(q41_fn *f41, q80_fn *f80);

#endif
