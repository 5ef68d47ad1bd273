/* The quantized GEMM's driver: which formats and variants exist, the activation packing's
   sizes, and the loop over panels of weight rows and tiles of vectors (QuantGemm.h). */

#include <stdlib.h>
#include "CPUFeatures.h"
#include "GemmInternal.h"

/// What the driver needs of a block family.
typedef struct {
    int block_size;                    ///< elements per block: 32, or 256 for the K formats
    size_t row_block_bytes;            ///< one row group's block in a panel
    size_t vector_block_bytes;         ///< one vector group's block
    int panel_blocks;                  ///< blocks unpacked at a time (about 18–23 KiB, in L1)
    guide_qgemm_group_packer pack;
    guide_qgemm_panel_unpacker unpack;
} family;

/// Panels of rows whose results are kept until they are written out together, so each
/// vector's row of y gets 64 consecutive values at a time rather than 8.
#define PANELS_PER_WRITE 8

static family family_of(uint32_t type) {
    if (guide_qdot_uses_q8_K(type)) {
        return (family){256, sizeof(guide_qgemm_row_superblock), sizeof(guide_qgemm_vector_superblock), 2,
                        guide_qgemm_pack_superblocks, guide_qgemm_unpack_superblocks};
    }
    return (family){32, sizeof(guide_qgemm_row_block), sizeof(guide_qgemm_vector_block), 16,
                    guide_qgemm_pack_blocks, guide_qgemm_unpack_blocks};
}

int guide_qgemm_supports(uint32_t type) {
    return guide_qdot_uses_q8_K(type) || guide_qgemm_block_offset(type) >= 0;
}

int guide_qgemm_block_size(uint32_t type) {
    return guide_qgemm_supports(type) ? family_of(type).block_size : 0;
}

int guide_qgemm_best_isa(void) {
#if defined(__x86_64__)
    if (guide_cpu_has_avx512_vnni()) return GUIDE_QDOT_AVX512_VNNI;
#endif
    return -1;
}

size_t guide_qgemm_group_bytes(uint32_t type, int cols) {
    family f = family_of(type);
    return (size_t)(cols / f.block_size) * f.vector_block_bytes;
}

size_t guide_qgemm_packed_bytes(uint32_t type, int count, int cols) {
    size_t groups = ((size_t)count + GUIDE_QGEMM_VECTORS - 1) / GUIDE_QGEMM_VECTORS * (GUIDE_QGEMM_VECTORS / 4);
    return groups * guide_qgemm_group_bytes(type, cols);
}

void guide_qgemm_pack_vectors(uint32_t type, const float *x, int count, int cols, void *out) {
    family f = family_of(type);
    size_t group = guide_qgemm_group_bytes(type, cols);
    size_t groups = guide_qgemm_packed_bytes(type, count, cols) / group;
    for (size_t g = 0; g < groups; g++) {
        uint8_t *destination = (uint8_t *)out + group * g;
        int vectors = count - 4 * (int)g;
        /* Only groups with padding vectors need zeros: the packers write every byte of a
           vector they pack. */
        if (vectors < 4) memset(destination, 0, group);
        if (vectors > 0) f.pack(type, x + (size_t)(4 * g) * cols, vectors < 4 ? vectors : 4, cols, destination);
    }
}

static guide_qgemm_tile_kernel tile_kernel_for(int isa, uint32_t type) {
    int k = guide_qdot_uses_q8_K(type);
    switch (isa) {
    case GUIDE_QDOT_SCALAR: return k ? guide_qgemm_tile_superblocks_scalar : guide_qgemm_tile_blocks_scalar;
#if defined(__x86_64__)
    case GUIDE_QDOT_AVX512_VNNI:
        return k ? guide_qgemm_tile_superblocks_avx512vnni : guide_qgemm_tile_blocks_avx512vnni;
#endif
    default: return 0;
    }
}

int guide_qgemm(int isa, uint32_t type, const void *weights, size_t row_bytes, int rows, const void *packed,
                int count, int cols, float *y, size_t y_stride) {
    if (!guide_qgemm_supports(type) || !guide_qdot_isa_available(isa)) return 0;
    guide_qgemm_tile_kernel kernel = tile_kernel_for(isa, type);
    family f = family_of(type);
    if (!kernel || cols % f.block_size != 0) return 0;
    int blocks = cols / f.block_size;
    size_t group = guide_qgemm_group_bytes(type, cols);
    int tiles = (count + GUIDE_QGEMM_VECTORS - 1) / GUIDE_QGEMM_VECTORS;
    void *panel = aligned_alloc(64, 2 * (size_t)f.panel_blocks * f.row_block_bytes);
    /* Per tile of vectors and panel of rows, 64 product lanes then 64 min lanes. */
    float *acc = aligned_alloc(64, (size_t)tiles * PANELS_PER_WRITE * 128 * sizeof *acc);
    if (!panel || !acc) abort();
    for (int first_row = 0; first_row < rows; first_row += PANELS_PER_WRITE * GUIDE_QGEMM_ROWS) {
        int left = (rows - first_row + GUIDE_QGEMM_ROWS - 1) / GUIDE_QGEMM_ROWS;
        int panels = left < PANELS_PER_WRITE ? left : PANELS_PER_WRITE;
        memset(acc, 0, (size_t)tiles * (size_t)panels * 128 * sizeof *acc);
        for (int p = 0; p < panels; p++) {
            int panel_row = first_row + GUIDE_QGEMM_ROWS * p;
            const uint8_t *panel_rows = (const uint8_t *)weights + row_bytes * (size_t)panel_row;
            for (int first = 0; first < blocks; first += f.panel_blocks) {
                int chunk = blocks - first < f.panel_blocks ? blocks - first : f.panel_blocks;
                f.unpack(type, panel_rows, row_bytes, rows - panel_row, first, chunk, panel);
                for (int t = 0; t < tiles; t++) {
                    const uint8_t *x0 = (const uint8_t *)packed + group * (size_t)(2 * t) + f.vector_block_bytes * (size_t)first;
                    kernel(panel, x0, x0 + group, chunk, acc + 128 * ((size_t)t * panels + p));
                }
            }
        }
        /* Each vector's values for these rows are contiguous in y: written in one run. */
        int row_count = rows - first_row < panels * GUIDE_QGEMM_ROWS ? rows - first_row : panels * GUIDE_QGEMM_ROWS;
        for (int v = 0; v < count; v++) {
            int t = v / GUIDE_QGEMM_VECTORS, j = v / 4 % 2, c = v % 4;
            float *out = y + y_stride * (size_t)v + (size_t)first_row;
            const float *lanes = acc + 128 * (size_t)t * panels + 16 * j + c;
            for (int row = 0; row < row_count; row++) {
                int p = row / GUIDE_QGEMM_ROWS, i = row / 4 % 2, r = row % 4;
                const float *lane = lanes + 128 * p + 32 * i + 4 * r;
                out[row] = lane[0] + lane[64];
            }
        }
    }
    free(panel);
    free(acc);
    return 1;
}
