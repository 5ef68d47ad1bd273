#ifndef GUIDE_QUANT_DOT_INTERNAL_H
#define GUIDE_QUANT_DOT_INTERNAL_H

#include <stdint.h>
#include <string.h>
#include "QuantDot.h"

/* GGML type ids (GGUF) of the weight formats with a kernel. */
enum {
    GUIDE_TYPE_Q4_0 = 2, GUIDE_TYPE_Q4_1 = 3, GUIDE_TYPE_Q5_0 = 6, GUIDE_TYPE_Q8_0 = 8,
    GUIDE_TYPE_Q4_K = 12, GUIDE_TYPE_Q5_K = 13, GUIDE_TYPE_Q6_K = 14,
};

/* Weight block layouts (little-endian; d, m, dmin are IEEE halves), as in ggml:
     Q4_0 18 B: d, qs[16]            element j<16 low nibble of qs[j], j+16 high nibble; x = d(q-8)
     Q4_1 20 B: d, m, qs[16]         x = d q + m
     Q5_0 22 B: d, qh[4], qs[16]     bit j of qh is element j's fifth bit; x = d(q-16)
     Q8_0 34 B: d, qs[32] int8       x = d q
     Q4_K 144 B: d, dmin, scales[12], qs[128]; chunk c of 64 elements: low nibbles of
                 qs[32c..] then high nibbles; sub-block j has 6-bit scale/min (scale_min_k4)
     Q5_K 176 B: d, dmin, scales[12], qh[32], qs[128]; element 64c+l gets bit 2c of qh[l],
                 64c+32+l bit 2c+1
     Q6_K 210 B: ql[128], qh[64], scales[16] int8, d (see Q6KFormat.swift) */

/// A row kernel: dot of `blocks` weight blocks at `w` with the activation blocks at `x`.
typedef float (*guide_row_kernel)(const void *w, const void *x, int blocks);

/// Most vectors a multi-vector kernel takes at once.
#define GUIDE_QDOT_MAX_VECTORS 4

/// A multi-vector row kernel: out[v] = the row kernel's dot of `w` with the activation
/// blocks at x + v·stride bytes, for v < vectors (1…GUIDE_QDOT_MAX_VECTORS), each
/// bit-identical to the row kernel's.
typedef void (*guide_rows_kernel)(const void *w, const void *x, size_t stride, int vectors, int blocks, float *out);

static inline uint16_t guide_load_u16(const void *p) {
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}

static inline uint32_t guide_load_u32(const void *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/// IEEE half to float, exact for every value (subnormals, infinities, NaN).
static inline float guide_half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    uint32_t exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF, bits;
    if (exponent == 0x1F) {
        bits = sign | 0x7F800000 | (mantissa << 13);
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    } else if (mantissa == 0) {
        bits = sign;
    } else {
        float f = (float)mantissa * (1.0f / 16777216.0f);  /* mantissa · 2^-24 */
        memcpy(&bits, &f, 4);
        bits |= sign;
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

/// Quantizes the 32 floats at `x` into one Q8_0 block (as `guide_quantize_q8_0`) and returns
/// its scale before F16 rounding, max|x|/127 (what llama.cpp's Q8_1 sum term is scaled by).
float guide_quantize_q8_0_block(const float *x, guide_block_q8_0 *out);

/// Float to the nearest IEEE half (ties to even; overflow to infinity), back to float:
/// the value an F16 store keeps.
float guide_round_to_half(float f);

/// Scale and min of sub-block j of a Q4_K/Q5_K block's 12 scale bytes (ggml's
/// get_scale_min_k4).
static inline void guide_scale_min_k4(int j, const uint8_t *q, uint8_t *scale, uint8_t *min) {
    if (j < 4) {
        *scale = q[j] & 63;
        *min = q[j + 4] & 63;
    } else {
        *scale = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        *min = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}

/* The kernels of each variant, by format. */
#define GUIDE_DECLARE_KERNELS(suffix)                                   \
    float guide_dot_q4_0_##suffix(const void *w, const void *x, int blocks); \
    float guide_dot_q4_1_##suffix(const void *w, const void *x, int blocks); \
    float guide_dot_q5_0_##suffix(const void *w, const void *x, int blocks); \
    float guide_dot_q8_0_##suffix(const void *w, const void *x, int blocks); \
    float guide_dot_q4_K_##suffix(const void *w, const void *x, int blocks); \
    float guide_dot_q5_K_##suffix(const void *w, const void *x, int blocks); \
    float guide_dot_q6_K_##suffix(const void *w, const void *x, int blocks);

/* The multi-vector kernels of the x86-64 variants (all formats but Q4_1). */
#define GUIDE_DECLARE_MULTI_KERNELS(suffix)                                                                 \
    void guide_dots_q4_0_##suffix(const void *w, const void *x, size_t stride, int vectors, int blocks, float *out); \
    void guide_dots_q5_0_##suffix(const void *w, const void *x, size_t stride, int vectors, int blocks, float *out); \
    void guide_dots_q8_0_##suffix(const void *w, const void *x, size_t stride, int vectors, int blocks, float *out); \
    void guide_dots_q4_K_##suffix(const void *w, const void *x, size_t stride, int vectors, int blocks, float *out); \
    void guide_dots_q5_K_##suffix(const void *w, const void *x, size_t stride, int vectors, int blocks, float *out); \
    void guide_dots_q6_K_##suffix(const void *w, const void *x, size_t stride, int vectors, int blocks, float *out);

GUIDE_DECLARE_KERNELS(scalar)
#if defined(__x86_64__)
GUIDE_DECLARE_KERNELS(avx2)
GUIDE_DECLARE_KERNELS(avxvnni)
GUIDE_DECLARE_KERNELS(avx512vnni)
GUIDE_DECLARE_MULTI_KERNELS(avx2)
GUIDE_DECLARE_MULTI_KERNELS(avxvnni)
GUIDE_DECLARE_MULTI_KERNELS(avx512vnni)
#endif

#endif
