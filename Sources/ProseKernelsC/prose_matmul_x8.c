// Batched prompt evaluation: Y = W · [a_0 … a_{T−1}] over x8-packed weights (matrix × matrix).
//
// Why this shape: one token at a time, every weight byte comes from memory once per token (a SmolLM2
// Q4_1 token streams ~85 MB); a prompt of T tokens can stream it once per batch instead. The work per
// (8-row group, token) is the decode path's own group kernel (`prose_x8_group_kernels`), called with
// that token's expanded activations — on the VNNI and avx2-128 paths Q8_0 groups take two tokens per call
// (`prose_x8_q80_group2_vnni`, each token's arithmetic that of the one-token kernel) — so every row of
// every token is computed by exactly the integer sums, fused multiply-adds and reduction order of the
// one-token matvec: a batched prompt gives the same bits as the prompt fed token by token, on every
// kernel path.
//
// Blocking: the rows [r0, r1) are cut into chunks of groups of about X8_CHUNK_BYTES of packed weights
// (they stay in L2 while all tokens pass over them); within a chunk one token's activations (≤ 13 KB
// for SmolLM2's 1536-wide input) stay in L1 while its groups run. Weights thus come from memory once
// per batch, from L2 once per token, and activations from L1.
#include "prose_kernels.h"
#include "prose_x8_internal.h"

#ifndef X8_CHUNK_BYTES
#define X8_CHUNK_BYTES (96 * 1024)
#endif

void prose_matmul_x8(int type, int n, const void *packed, int rows, int r0, int r1, int tokens,
                     const void *const *acts, float *y, size_t y_stride) {
    if (r1 > rows) r1 = rows;
    if (r0 >= r1 || tokens <= 0) return;
    const int nb = n / 32;
    const size_t gbytes = prose_x8_group_bytes(type, n);
    const size_t act_floats = ((size_t)8 * nb + 63) / 64 * 64;   // byte offset of the lanes (see expand)
    q41_fn f41;
    q80_fn f80;
    prose_x8_group_kernels(&f41, &f80);
    int chunk = (int)(X8_CHUNK_BYTES / (gbytes ? gbytes : 1));
    if (chunk < 1) chunk = 1;
    const int g_end = (r1 + 7) / 8;
    // Q8_0 on the VNNI and avx2-128 paths: two tokens per pass over a group.
    q80_pair_fn pair = NULL;
#if defined(__AVX2__)
    if (type == PROSE_X8_Q8_0 && prose_kernel_path() == PROSE_PATH_AVX512_VNNI) pair = prose_x8_q80_group2_vnni;
    if (type == PROSE_X8_Q8_0 && prose_kernel_path() == PROSE_PATH_AVX2_128) pair = prose_x8_q80_group2_avx2_128;
#endif
    for (int c0 = r0 / 8; c0 < g_end; c0 += chunk) {
        const int c1 = c0 + chunk < g_end ? c0 + chunk : g_end;
        int t = 0;
#if defined(__AVX2__)
        for (; pair && t + 1 < tokens; t += 2) {
            const float *ad0 = (const float *)acts[t], *ad1 = (const float *)acts[t + 1];
            const uint8_t *aq0 = (const uint8_t *)acts[t] + act_floats, *aq1 = (const uint8_t *)acts[t + 1] + act_floats;
            float *y0 = y + (size_t)t * y_stride, *y1 = y0 + y_stride;
            for (int g = c0; g < c1; g++) {
                float o0[8], o1[8];
                pair(nb, (const uint8_t *)packed + (size_t)g * gbytes, ad0, aq0, prose_x8_q80_corrections(nb, aq0),
                     ad1, aq1, prose_x8_q80_corrections(nb, aq1), o0, o1);
                const int lo = 8 * g < r0 ? r0 - 8 * g : 0, hi = 8 * g + 8 > r1 ? r1 - 8 * g : 8;
                for (int i = lo; i < hi; i++) { y0[8 * g + i] = o0[i]; y1[8 * g + i] = o1[i]; }
            }
        }
#endif
        for (; t < tokens; t++) {
            const float *ad = (const float *)acts[t], *as = ad + nb;
            const uint8_t *aq = (const uint8_t *)acts[t] + act_floats;
            float *yt = y + (size_t)t * y_stride;
            for (int g = c0; g < c1; g++) {
                const uint8_t *G = (const uint8_t *)packed + (size_t)g * gbytes;
                float out[8];
                if (type == PROSE_X8_Q4_1) f41(nb, G, ad, as, aq, out); else f80(nb, G, ad, aq, prose_x8_q80_corrections(nb, aq), out);
                // Only rows inside [r0, r1): another part of the job may own the rest of an edge group.
                const int lo = 8 * g < r0 ? r0 - 8 * g : 0, hi = 8 * g + 8 > r1 ? r1 - 8 * g : 8;
                for (int i = lo; i < hi; i++) yt[8 * g + i] = out[i];
            }
        }
    }
}
