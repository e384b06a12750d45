// Q5_0 rows repacked into the x8 Q8_0 layout (prose_matvec_x8.c), so Q5_0 matrices (the bulk of a
// SmolLM2 Q4_K_M file) run the x8 Q8_0 kernels on every path.
//
// Why this is exact: a Q5_0 value is d·(q − 16) with q − 16 in −16…15, an int8; a Q8_0 block with
// the same f16 d and those int8s is the same vector. ggml's Q5_0 × Q8_0 dot sums 4 adjacent products
// per float lane and fuses d_w·d_a into the lane accumulators exactly as its Q8_0 × Q8_0 dot does,
// so the x8 Q8_0 kernel computes the Q5_0 dot's bits (checked against `Q5_0Kernel.dot`). The cost is
// memory: 34 instead of 22 bytes per 32 weights, traded for a kernel with no bit unpacking.
#include "prose_kernels.h"
#include <string.h>

void prose_pack_x8_q5_0(const void *src, size_t row_bytes, int rows, int n, int g0, int g1, void *dst) {
    const int nb = n / 32;
    const uint8_t *s = (const uint8_t *)src;
    for (int g = g0; g < g1; g++) {
        uint8_t *out = (uint8_t *)dst + (size_t)g * nb * 272;
        memset(out, 0, (size_t)nb * 272);
        for (int i = 0; i < 8; i++) {
            const int r = 8 * g + i;
            if (r >= rows) break;
            const uint8_t *row = s + (size_t)r * row_bytes;
            for (int b = 0; b < nb; b++) {
                const uint8_t *x = row + 22 * b;
                uint8_t *o = out + (size_t)b * 272;
                uint32_t qh; memcpy(&qh, x + 2, 4);
                int8_t q[32];
                for (int j = 0; j < 32; j++) {
                    const int low = j < 16 ? (x[6 + j] & 0xF) : (x[6 + j - 16] >> 4);
                    q[j] = (int8_t)((low | (int)((qh >> j) & 1) << 4) - 16);
                }
                memcpy(o + 2 * i, x, 2);   // d, f16 bits unchanged
                for (int j = 0; j < 8; j++) memcpy(o + 16 + 32 * j + 4 * i, q + 4 * j, 4);
            }
        }
    }
}
