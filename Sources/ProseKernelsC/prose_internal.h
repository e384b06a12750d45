// Internal to ProseKernelsC (not in include/): the little-endian f16/u16 readers every kernel file uses.
#ifndef PROSE_INTERNAL_H
#define PROSE_INTERNAL_H
#include <stdint.h>
#include <string.h>
#if defined(__F16C__)
#include <immintrin.h>
#endif

/// The u16 at p (unaligned; the GGUF blocks pack their f16 scales at odd offsets).
static inline uint16_t prose_rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }

/// The f32 at p (unaligned: Q8_K's d).
static inline float prose_rdf32(const uint8_t *p) { float v; memcpy(&v, p, 4); return v; }

/// f16 bits → f32, exactly (F16C where compiled for it).
static inline float prose_h2f(uint16_t h) {
#if defined(__F16C__)
    return _cvtsh_ss(h);
#else
    _Float16 f; memcpy(&f, &h, 2); return (float)f;
#endif
}

#endif
