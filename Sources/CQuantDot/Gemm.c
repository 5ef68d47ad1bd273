/* The quantized GEMM's portable parts: packing the activations, unpacking panels of weight
   rows, the loop over panels and tiles, and the scalar tile kernel (the reference). Layouts:
   QuantGemm.h. */

#include <math.h>
#include <stdlib.h>
#include "CPUFeatures.h"
#include "QuantDotInternal.h"
#include "QuantGemm.h"

/// Blocks of a panel unpacked at a time: 16 × 2 row blocks = 18 KiB, which stay in L1
/// while every tile of vectors passes over them.
#define PANEL_BLOCKS 16

/// The offset a weight format's stored quants carry (value = d·(q − offset)).
static int format_offset(uint32_t type) {
    switch (type) {
    case GUIDE_TYPE_Q4_0: return 8;
    case GUIDE_TYPE_Q4_1: return 0;
    case GUIDE_TYPE_Q5_0: return 16;
    case GUIDE_TYPE_Q8_0: return 128;
    default: return -1;
    }
}

int guide_qgemm_supports(uint32_t type) {
    return format_offset(type) >= 0;
}

int guide_qgemm_best_isa(void) {
#if defined(__x86_64__)
    if (guide_cpu_has_avx512_vnni()) return GUIDE_QDOT_AVX512_VNNI;
#endif
    return -1;
}

size_t guide_qgemm_packed_blocks(int count, int cols) {
    size_t padded = ((size_t)count + GUIDE_QGEMM_VECTORS - 1) / GUIDE_QGEMM_VECTORS * GUIDE_QGEMM_VECTORS;
    return padded / 4 * (size_t)(cols / 32);
}

void guide_qgemm_pack_vectors(uint32_t type, const float *x, int count, int cols, guide_qgemm_vector_block *out) {
    int blocks = cols / 32, offset = format_offset(type);
    size_t total = guide_qgemm_packed_blocks(count, cols);
    memset(out, 0, total * sizeof *out);
    guide_block_q8_0 *quantized = malloc((size_t)blocks * sizeof *quantized);
    if (!quantized) abort();
    for (int v = 0; v < count; v++) {
        const float *vector = x + (size_t)v * cols;
        guide_quantize_q8_0(vector, cols, quantized);
        guide_qgemm_vector_block *group = out + (size_t)(v / 4) * blocks;
        int c = v % 4;
        for (int b = 0; b < blocks; b++) {
            for (int g = 0; g < 8; g++) memcpy(&group[b].qs[g][4 * c], quantized[b].qs + 4 * g, 4);
            group[b].d[c] = quantized[b].d;
            group[b].correction[c] = -offset * quantized[b].sum;
            if (type == GUIDE_TYPE_Q4_1) {
                /* Q8_1's s: the unrounded scale times the sum of the quants, stored as F16. */
                float amax = 0;
                for (int i = 0; i < 32; i++) amax = fmaxf(amax, fabsf(vector[32 * b + i]));
                group[b].s[c] = guide_round_to_half(amax / 127 * (float)quantized[b].sum);
            }
        }
    }
    free(quantized);
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
        uint32_t high;
        memcpy(&high, block + 2, 4);
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

/// Bytes of one stored block of a supported format.
static size_t block_bytes(uint32_t type) {
    switch (type) {
    case GUIDE_TYPE_Q4_0: return 18;
    case GUIDE_TYPE_Q4_1: return 20;
    case GUIDE_TYPE_Q5_0: return 22;
    default: return 34;
    }
}

/// Blocks [first, first + count) of the GUIDE_QGEMM_ROWS rows at `rows` (only `available`
/// of them exist; the others become zero rows) into `panel[b][row group]`.
static void unpack_panel(uint32_t type, const uint8_t *rows, size_t row_bytes, int available, int first, int count,
                         guide_qgemm_row_block *panel) {
    size_t bytes = block_bytes(type);
    for (int b = 0; b < count; b++) {
        for (int i = 0; i < 2; i++) {
            guide_qgemm_row_block *out = &panel[2 * b + i];
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

/// The reference tile kernel: acc[2i + j][4r + c] (row group i, vector group j) gains each
/// block's product of row 4i + r with vector c of group j, as every variant computes it.
static void tile_scalar(const guide_qgemm_row_block *panel, const guide_qgemm_vector_block *x0,
                        const guide_qgemm_vector_block *x1, int blocks, float *acc) {
    for (int b = 0; b < blocks; b++) {
        for (int i = 0; i < 2; i++) {
            const guide_qgemm_row_block *w = &panel[2 * b + i];
            for (int j = 0; j < 2; j++) {
                const guide_qgemm_vector_block *a = (j ? x1 : x0) + b;
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

static guide_qgemm_tile_kernel tile_kernel_for(int isa) {
    switch (isa) {
    case GUIDE_QDOT_SCALAR: return tile_scalar;
#if defined(__x86_64__)
    case GUIDE_QDOT_AVX512_VNNI: return guide_qgemm_tile_avx512vnni;
#endif
    default: return 0;
    }
}

int guide_qgemm(int isa, uint32_t type, const void *weights, size_t row_bytes, int rows,
                const guide_qgemm_vector_block *packed, int count, int cols, float *y, size_t y_stride) {
    guide_qgemm_tile_kernel kernel = tile_kernel_for(isa);
    if (!kernel || !guide_qdot_isa_available(isa) || !guide_qgemm_supports(type) || cols % 32 != 0) return 0;
    int blocks = cols / 32;
    int tiles = (count + GUIDE_QGEMM_VECTORS - 1) / GUIDE_QGEMM_VECTORS;
    guide_qgemm_row_block *panel = aligned_alloc(64, 2 * PANEL_BLOCKS * sizeof *panel);
    /* Per tile of vectors, 64 product lanes then 64 min lanes. */
    float *acc = aligned_alloc(64, (size_t)tiles * 128 * sizeof *acc);
    if (!panel || !acc) abort();
    for (int first_row = 0; first_row < rows; first_row += GUIDE_QGEMM_ROWS) {
        memset(acc, 0, (size_t)tiles * 128 * sizeof *acc);
        const uint8_t *panel_rows = (const uint8_t *)weights + row_bytes * (size_t)first_row;
        for (int first = 0; first < blocks; first += PANEL_BLOCKS) {
            int chunk = blocks - first < PANEL_BLOCKS ? blocks - first : PANEL_BLOCKS;
            unpack_panel(type, panel_rows, row_bytes, rows - first_row, first, chunk, panel);
            for (int t = 0; t < tiles; t++) {
                const guide_qgemm_vector_block *x0 = packed + (size_t)(2 * t) * blocks + first;
                kernel(panel, x0, x0 + blocks, chunk, acc + 128 * t);
            }
        }
        for (int t = 0; t < tiles; t++) {
            for (int lane = 0; lane < 64; lane++) {
                int i = lane / 32, j = lane / 16 % 2, r = lane / 4 % 4, c = lane % 4;
                int row = first_row + 4 * i + r, v = GUIDE_QGEMM_VECTORS * t + 4 * j + c;
                if (row < rows && v < count) {
                    y[y_stride * (size_t)v + (size_t)row] = acc[128 * t + lane] + acc[128 * t + 64 + lane];
                }
            }
        }
    }
    free(panel);
    free(acc);
    return 1;
}
