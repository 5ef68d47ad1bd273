/* The quantized GEMM for the K formats (Q4_K, Q5_K, Q6_K: super-blocks of 256 with Q8_K
   activations): packing the activations, unpacking weight panels, and the scalar tile
   kernel (the reference every variant matches bit for bit). Layouts: QuantGemm.h. */

#include <math.h>
#include "GemmInternal.h"

void guide_qgemm_pack_superblocks(uint32_t type, const float *x, int count, int cols, void *out) {
    int blocks = cols / 256, offset = type == GUIDE_TYPE_Q6_K ? 32 : 0;
    guide_qgemm_vector_superblock *group = out;
    for (int c = 0; c < count; c++) {
        for (int b = 0; b < blocks; b++) {
            guide_block_q8_K quantized;
            guide_quantize_q8_K(x + (size_t)c * cols + 256 * b, 256, &quantized);
            for (int g = 0; g < 64; g++) memcpy(&group[b].qs[g][4 * c], quantized.qs + 4 * g, 4);
            group[b].d[c] = quantized.d;
            for (int s = 0; s < 16; s++) group[b].correction[s][c] = -offset * quantized.bsums[s];
            for (int j = 0; j < 8; j++) group[b].sums[j][c] = quantized.bsums[2 * j] + quantized.bsums[2 * j + 1];
        }
    }
}

/// A super-block's 256 unsigned quants, its integer scales per sub-block of 16 and mins per
/// sub-block of 32 (0 for Q6_K), its scale `d` and min scale `dmin` (0 for Q6_K).
typedef struct {
    uint8_t q[256];
    int32_t scales[16];
    int32_t mins[8];
    float d, dmin;
} superblock;

static void unpack_superblock(uint32_t type, const uint8_t *block, superblock *out) {
    memset(out, 0, sizeof *out);
    if (type == GUIDE_TYPE_Q6_K) {
        const uint8_t *ql = block, *qh = block + 128;
        for (int n = 0; n < 2; n++) {
            for (int l = 0; l < 32; l++) {
                int e = 128 * n + l;
                uint8_t la = ql[64 * n + l], lb = ql[64 * n + 32 + l], h = qh[32 * n + l];
                out->q[e] = (uint8_t)((la & 0xF) | (h & 3) << 4);
                out->q[e + 32] = (uint8_t)((lb & 0xF) | ((h >> 2) & 3) << 4);
                out->q[e + 64] = (uint8_t)((la >> 4) | ((h >> 4) & 3) << 4);
                out->q[e + 96] = (uint8_t)((lb >> 4) | ((h >> 6) & 3) << 4);
            }
        }
        for (int s = 0; s < 16; s++) out->scales[s] = (int8_t)block[192 + s];
        out->d = guide_half_to_float(guide_load_u16(block + 208));
        return;
    }
    int five = type == GUIDE_TYPE_Q5_K;
    const uint8_t *qh = block + 16, *qs = block + (five ? 48 : 16);
    for (int c = 0; c < 4; c++) {
        for (int l = 0; l < 32; l++) {
            uint8_t low = qs[32 * c + l] & 0xF, high = qs[32 * c + l] >> 4;
            if (five) {
                low |= (uint8_t)(((qh[l] >> (2 * c)) & 1) << 4);
                high |= (uint8_t)(((qh[l] >> (2 * c + 1)) & 1) << 4);
            }
            out->q[64 * c + l] = low;
            out->q[64 * c + 32 + l] = high;
        }
    }
    for (int j = 0; j < 8; j++) {
        uint8_t scale, min;
        guide_scale_min_k4(j, block + 4, &scale, &min);
        out->scales[2 * j] = out->scales[2 * j + 1] = scale;
        out->mins[j] = min;
    }
    out->d = guide_half_to_float(guide_load_u16(block));
    out->dmin = guide_half_to_float(guide_load_u16(block + 2));
}

void guide_qgemm_unpack_superblocks(uint32_t type, const uint8_t *rows, size_t row_bytes, int available,
                                    int first, int count, void *panel) {
    size_t bytes = type == GUIDE_TYPE_Q6_K ? 210 : type == GUIDE_TYPE_Q5_K ? 176 : 144;
    guide_qgemm_row_superblock *blocks = panel;
    superblock unpacked;
    for (int b = 0; b < count; b++) {
        for (int i = 0; i < 2; i++) {
            guide_qgemm_row_superblock *out = &blocks[2 * b + i];
            for (int r = 0; r < 4; r++) {
                int row = 4 * i + r;
                if (row < available) {
                    unpack_superblock(type, rows + row_bytes * (size_t)row + bytes * (size_t)(first + b), &unpacked);
                } else {
                    memset(&unpacked, 0, sizeof unpacked);
                }
                for (int g = 0; g < 64; g++) {
                    for (int j = 0; j < 4; j++) memcpy(&out->qs[g][16 * r + 4 * j], unpacked.q + 4 * g, 4);
                }
                for (int j = 0; j < 4; j++) {
                    for (int s = 0; s < 16; s++) out->scales[s][4 * r + j] = unpacked.scales[s];
                    for (int m = 0; m < 8; m++) out->mins[m][4 * r + j] = unpacked.mins[m];
                    out->d[4 * r + j] = unpacked.d;
                    out->negated_dmin[4 * r + j] = -unpacked.dmin;
                }
            }
        }
    }
}

void guide_qgemm_tile_superblocks_scalar(const void *panel, const void *x0, const void *x1, int blocks,
                                         float *acc) {
    const guide_qgemm_row_superblock *weights = panel;
    for (int b = 0; b < blocks; b++) {
        for (int i = 0; i < 2; i++) {
            const guide_qgemm_row_superblock *w = &weights[2 * b + i];
            for (int j = 0; j < 2; j++) {
                const guide_qgemm_vector_superblock *a = (const guide_qgemm_vector_superblock *)(j ? x1 : x0) + b;
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 4; c++) {
                        int32_t isum = 0, msum = 0;
                        for (int s = 0; s < 16; s++) {
                            int32_t t = a->correction[s][c];
                            for (int g = 4 * s; g < 4 * s + 4; g++) {
                                for (int k = 0; k < 4; k++) t += w->qs[g][16 * r + k] * a->qs[g][4 * c + k];
                            }
                            isum += t * w->scales[s][4 * r];
                        }
                        for (int m = 0; m < 8; m++) msum += w->mins[m][4 * r] * a->sums[m][c];
                        float *lane = &acc[16 * (2 * i + j) + 4 * r + c], *min = lane + 64;
                        *lane = fmaf((float)isum, w->d[4 * r] * a->d[c], *lane);
                        *min = fmaf((float)msum, w->negated_dmin[4 * r] * a->d[c], *min);
                    }
                }
            }
        }
    }
}
