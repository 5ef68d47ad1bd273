#ifndef GUIDE_GEMM_INTERNAL_H
#define GUIDE_GEMM_INTERNAL_H

#include "QuantDotInternal.h"
#include "QuantGemm.h"

/* The parts of the quantized GEMM each block family (the 32-element formats in
   GemmBlocks.c, the K formats in GemmSuperBlocks.c) provides to the driver (Gemm.c). */

/// A tile kernel: acc[16·(2i + j) + 4r + c] gains, block by block, the product of row
/// 4i + r of the panel (row group i of each block's pair) with vector c of the vector group
/// at x0 (j = 0) or x1 (j = 1), over `blocks` blocks, and acc[64 + 16·(2i + j) + 4r + c] the
/// min terms of the same pair.
typedef void (*guide_qgemm_tile_kernel)(const void *panel, const void *x0, const void *x1, int blocks, float *acc);

/// Packs `count` (1…4) vectors into one vector group at `out`, writing every byte of their
/// slots (a group with fewer than four vectors is zeroed beforehand).
typedef void (*guide_qgemm_group_packer)(uint32_t type, const float *x, int count, int cols, void *out);

/// Unpacks blocks [first, first + count) of the GUIDE_QGEMM_ROWS rows at `rows` (only
/// `available` of them exist; the others become zero rows) into `panel`, two row-group
/// blocks per block.
typedef void (*guide_qgemm_panel_unpacker)(uint32_t type, const uint8_t *rows, size_t row_bytes, int available,
                                           int first, int count, void *panel);

void guide_qgemm_pack_blocks(uint32_t type, const float *x, int count, int cols, void *out);
void guide_qgemm_unpack_blocks(uint32_t type, const uint8_t *rows, size_t row_bytes, int available, int first,
                               int count, void *panel);
void guide_qgemm_tile_blocks_scalar(const void *panel, const void *x0, const void *x1, int blocks, float *acc);

void guide_qgemm_pack_superblocks(uint32_t type, const float *x, int count, int cols, void *out);
void guide_qgemm_unpack_superblocks(uint32_t type, const uint8_t *rows, size_t row_bytes, int available,
                                    int first, int count, void *panel);
void guide_qgemm_tile_superblocks_scalar(const void *panel, const void *x0, const void *x1, int blocks, float *acc);

#if defined(__x86_64__)
void guide_qgemm_tile_blocks_avx512vnni(const void *panel, const void *x0, const void *x1, int blocks, float *acc);
void guide_qgemm_tile_superblocks_avx512vnni(const void *panel, const void *x0, const void *x1, int blocks,
                                             float *acc);
#endif

/// The offset the quants of a 32-element format carry (value = d·(q − offset)), or -1.
int guide_qgemm_block_offset(uint32_t type);

#endif
