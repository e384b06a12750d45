// Internal to ProseKernelsC (not in include/, so Swift does not see it): the x8 group kernels' shape,
// shared by the one-token matvec (prose_matvec_x8.c) and the batched prompt matmul (prose_matmul_x8.c).
#ifndef PROSE_X8_INTERNAL_H
#define PROSE_X8_INTERNAL_H
#include <stdint.h>

/// out8[i] = row i of one 8-row Q4_1 group · one expanded Q8_1 activation vector (nb blocks).
typedef void (*q41_fn)(int nb, const uint8_t *group, const float *ad, const float *as, const uint8_t *aq, float *out8);
/// The same for Q8_0 weights × Q8_0 activations.
typedef void (*q80_fn)(int nb, const uint8_t *group, const float *ad, const uint8_t *aq, float *out8);

/// The group kernels of the path in use (`prose_kernel_path`).
void prose_x8_group_kernels(q41_fn *f41, q80_fn *f80);

#endif
