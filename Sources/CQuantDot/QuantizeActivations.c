/* Activation quantization, rounding exactly as the engine's `LlamaRounding` (and
   llama.cpp's quantize_row_q8_0 / quantize_row_q8_K) do. */

#include <math.h>
#include "QuantDotInternal.h"

/// |v| < 2^22 rounded to the nearest integer, ties to even (adding 1.5·2^23 leaves no
/// fraction bits); inline where nearbyintf would be a library call on the baseline CPU.
static inline float round_even(float v) {
    return (v + 12582912.0f) - 12582912.0f;
}

/// |v| < 2^22 rounded to the nearest integer, ties away from zero (roundf).
static inline float round_away(float v) {
    float r = round_even(v);
    return fabsf(v - r) == 0.5f ? v + copysignf(0.5f, v) : r;
}

/// Float to the nearest IEEE half (ties to even; overflow to infinity), back to float:
/// the value an F16 store keeps.
float guide_round_to_half(float f) {
    uint32_t bits;
    memcpy(&bits, &f, 4);
    uint32_t sign = bits & 0x80000000u, magnitude = bits & 0x7FFFFFFFu;
    float result;
    if (magnitude >= 0x7F800000u) {
        return f;  /* infinity or NaN */
    }
    if (magnitude >= 0x38800000u) {  /* normal in half (≥ 2^-14) */
        uint32_t rounded = (magnitude + 0x0FFF + ((magnitude >> 13) & 1)) & 0xFFFFE000u;
        if (rounded > 0x477FE000u) rounded = 0x7F800000u;  /* past 65504: infinity */
        rounded |= sign;
        memcpy(&result, &rounded, 4);
        return result;
    }
    /* Subnormal half: a multiple of 2^-24, rounded to nearest even by the FPU. */
    float scaled = nearbyintf(fabsf(f) * 16777216.0f) * (1.0f / 16777216.0f);
    return sign ? -scaled : scaled;
}

float guide_quantize_q8_0_block(const float *x, guide_block_q8_0 *out) {
    float amax = 0;
    for (int i = 0; i < 32; i++) amax = fmaxf(amax, fabsf(x[i]));
    float d = amax / 127;
    float inverse = d != 0 ? 1 / d : 0;
    int32_t sum = 0;
    for (int i = 0; i < 32; i++) {
        int8_t q = (int8_t)round_even(x[i] * inverse);
        out->qs[i] = q;
        sum += q;
    }
    out->d = guide_round_to_half(d);
    out->sum = sum;
    return d;
}

void guide_quantize_q8_0(const float *x, int count, guide_block_q8_0 *out) {
    for (int b = 0; b < count / 32; b++) guide_quantize_q8_0_block(x + 32 * b, &out[b]);
}

void guide_quantize_q8_K(const float *x, int count, guide_block_q8_K *out) {
    for (int b = 0; b < count / 256; b++) {
        const float *xb = x + 256 * b;
        float maximum = 0, amax = 0;
        for (int i = 0; i < 256; i++) {
            if (fabsf(xb[i]) > amax) {
                amax = fabsf(xb[i]);
                maximum = xb[i];
            }
        }
        if (amax == 0) {
            memset(&out[b], 0, sizeof out[b]);
            continue;
        }
        float scale = -127 / maximum;
        for (int i = 0; i < 256; i++) {
            float v = round_away(scale * xb[i]);
            out[b].qs[i] = (int8_t)(v < 127 ? v : 127);
        }
        for (int s = 0; s < 16; s++) {
            int sum = 0;
            for (int i = 0; i < 16; i++) sum += out[b].qs[16 * s + i];
            out[b].bsums[s] = (int16_t)sum;
        }
        out[b].d = 1 / scale;
    }
}
