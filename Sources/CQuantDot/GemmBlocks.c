/* The quantized GEMM for the 32-element formats (Q4_0, Q4_1, Q5_0, Q8_0): packing the
   activations, unpacking weight panels, and the scalar tile kernel (the reference every
   variant matches bit for bit). Layouts: QuantGemm.h. */

#include <math.h>
#include "GemmInternal.h"

int guide_qgemm_block_offset(uint32_t type) {
    switch (type) {
    case GUIDE_TYPE_Q4_0: return 8;
    case GUIDE_TYPE_Q4_1: return 0;
    case GUIDE_TYPE_Q5_0: return 16;
    case GUIDE_TYPE_Q8_0: return 128;
    default: return -1;
    }
}

void guide_qgemm_pack_blocks(uint32_t type, const float *x, int count, int cols, void *out) {
    int blocks = cols / 32, offset = guide_qgemm_block_offset(type);
    guide_qgemm_vector_block *group = out;
    for (int c = 0; c < count; c++) {
        for (int b = 0; b < blocks; b++) {
            const float *values = x + (size_t)c * cols + 32 * b;
            guide_block_q8_0 quantized;
            float unrounded_scale = guide_quantize_q8_0_block(values, &quantized);
            for (int g = 0; g < 8; g++) memcpy(&group[b].qs[g][4 * c], quantized.qs + 4 * g, 4);
            group[b].d[c] = quantized.d;
            group[b].correction[c] = -offset * quantized.sum;
            /* Q8_1's s (Q4_1 only): the unrounded scale times the sum of the quants, as F16. */
            group[b].s[c] = type == GUIDE_TYPE_Q4_1 ? guide_round_to_half(unrounded_scale * (float)quantized.sum) : 0;
        }
    }
}

/// The 32 quants of a weight block plus the format's offset (0…255), its scale, and its
/// min (Q4_1; else 0) in `min`.
static float unpack_block(uint32_t type, const uint8_t *block, uint8_t q[32], float *min) {
    *min = 0;
    switch (type) {
    case GUIDE_TYPE_Q4_0:
        for (int j = 0; j < 16; j++) {
            q[j] = block[2 + j] & 0xF;
            q[j + 16] = block[2 + j] >> 4;
        }
        break;
    case GUIDE_TYPE_Q4_1:
        for (int j = 0; j < 16; j++) {
            q[j] = block[4 + j] & 0xF;
            q[j + 16] = block[4 + j] >> 4;
        }
        *min = guide_half_to_float(guide_load_u16(block + 2));
        break;
    case GUIDE_TYPE_Q5_0: {
        uint32_t high = guide_load_u32(block + 2);
        for (int j = 0; j < 16; j++) {
            q[j] = (uint8_t)((block[6 + j] & 0xF) | ((high >> j) & 1) << 4);
            q[j + 16] = (uint8_t)((block[6 + j] >> 4) | ((high >> (j + 16)) & 1) << 4);
        }
        break;
    }
    default: /* Q8_0 */
        for (int j = 0; j < 32; j++) q[j] = block[2 + j] ^ 0x80;
        break;
    }
    return guide_half_to_float(guide_load_u16(block));
}

/// Bytes of one stored block of a 32-element format.
static size_t block_bytes(uint32_t type) {
    switch (type) {
    case GUIDE_TYPE_Q4_0: return 18;
    case GUIDE_TYPE_Q4_1: return 20;
    case GUIDE_TYPE_Q5_0: return 22;
    default: return 34;
    }
}

void guide_qgemm_unpack_blocks(uint32_t type, const uint8_t *rows, size_t row_bytes, int available, int first,
                               int count, void *panel) {
    size_t bytes = block_bytes(type);
    guide_qgemm_row_block *blocks = panel;
    for (int b = 0; b < count; b++) {
        for (int i = 0; i < 2; i++) {
            guide_qgemm_row_block *out = &blocks[2 * b + i];
            for (int r = 0; r < 4; r++) {
                int row = 4 * i + r;
                uint8_t q[32] = {0};
                float d = 0, min = 0;
                if (row < available) {
                    d = unpack_block(type, rows + row_bytes * (size_t)row + bytes * (size_t)(first + b), q, &min);
                }
                for (int g = 0; g < 8; g++) {
                    for (int j = 0; j < 4; j++) memcpy(&out->qs[g][16 * r + 4 * j], q + 4 * g, 4);
                }
                for (int j = 0; j < 4; j++) {
                    out->d[4 * r + j] = d;
                    out->m[4 * r + j] = min;
                }
            }
        }
    }
}

void guide_qgemm_tile_blocks_scalar(const void *panel, const void *x0, const void *x1, int blocks, float *acc) {
    const guide_qgemm_row_block *weights = panel;
    for (int b = 0; b < blocks; b++) {
        for (int i = 0; i < 2; i++) {
            const guide_qgemm_row_block *w = &weights[2 * b + i];
            for (int j = 0; j < 2; j++) {
                const guide_qgemm_vector_block *a = (const guide_qgemm_vector_block *)(j ? x1 : x0) + b;
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 4; c++) {
                        int32_t isum = a->correction[c];
                        for (int g = 0; g < 8; g++) {
                            for (int k = 0; k < 4; k++) isum += w->qs[g][16 * r + k] * a->qs[g][4 * c + k];
                        }
                        float *lane = &acc[16 * (2 * i + j) + 4 * r + c], *min = lane + 64;
                        *lane = fmaf((float)isum, w->d[4 * r] * a->d[c], *lane);
                        *min = fmaf(w->m[4 * r], a->s[c], *min);
                    }
                }
            }
        }
    }
}
