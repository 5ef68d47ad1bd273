#ifndef GUIDE_QUANT_GEMM_H
#define GUIDE_QUANT_GEMM_H

#include <stddef.h>
#include <stdint.h>

/* Matrix products of quantized weights with many 8-bit activation vectors (a prefill), in
   integer lanes: Y[v][r] = Σ_b d_w(r,b)·d_x(v,b)·Σ_k w(r,b,k)·x(v,b,k), the inner sums exact
   in int32, each block's sum scaled and added in float in block order with one fused
   multiply-add:  acc ← fma((float)isum_b, d_w·d_x, acc).

   Every product (r, v) is computed alone in its own lane, so the result is the same on
   every instruction set (the scalar variant is the reference, bit for bit), whatever the
   number of vectors or rows in a call and however the rows are split over threads.

   Weight formats:
   - the 32-element ones whose values are d·(q − offset) with an integer q, Q4_0 (offset 8),
     Q5_0 (16) and Q8_0 (q + 128 stored, offset 128), with Q8_0 activations quantized as
     `guide_quantize_q8_0` does; and Q4_1 (d·q + m) with llama.cpp's Q8_1 activations, the
     same quants plus s = d·Σq stored as F16, whose min terms m·s are added in a second
     accumulator (block order) and joined to the products at the end, as llama.cpp's Q4_1
     kernel adds them after its products;
   - the K formats, super-blocks of 256 with Q8_K activations (`guide_quantize_q8_K`):
     Q6_K (d·sc_s·(q − 32), sixteen sub-blocks of 16 with int8 scales sc_s), Q4_K and Q5_K
     (d·sc_j·q − dmin·m_j, eight sub-blocks of 32 with 6-bit scales and mins). As llama.cpp
     computes them, the super-block's integer sum Σ_s sc_s·Σ q·x and, for Q4_K/Q5_K, its
     min sum Σ_j m_j·Σ x_j are exact; they are scaled by d·d_x and −dmin·d_x into the two
     accumulators.

   Layouts. Vectors are taken four at a time (a "vector group"), weight rows four at a time
   (a "row group"); an int32 lane of a 16-lane register holds one (row r, vector c) pair at
   lane 4r + c. The packed activations hold, per vector group and block, the four vectors'
   bytes four at a time (so one 16-byte load, broadcast, feeds every row of a group); the
   weight panel holds each row's four bytes repeated four times (one 64-byte load per
   group). */

/// Vectors per register tile (two vector groups) and weight rows per panel (two row groups).
#define GUIDE_QGEMM_VECTORS 8
#define GUIDE_QGEMM_ROWS 8

/// One block of 32 elements of a vector group: qs[g][4c + k] = element 4g + k of vector c;
/// d[c] its scale; correction[c] = −offset·Σ q of vector c (the weight format's offset);
/// s[c] its Q8_1 sum (Q4_1 only, else 0).
typedef struct {
    int8_t qs[8][16];
    float d[4];
    int32_t correction[4];
    float s[4];
} guide_qgemm_vector_block;

/// One block of 32 elements of a row group: qs[g][16r + 4j + k] = element 4g + k of row r
/// (plus the format's offset, so unsigned), for j = 0…3; d[4r + j] = row r's scale and
/// m[4r + j] its min (Q4_1 only, else 0).
typedef struct {
    uint8_t qs[8][64];
    float d[16];
    float m[16];
} guide_qgemm_row_block;

/// One super-block of 256 elements of a vector group (Q8_K): qs[g][4c + k] = element 4g + k
/// of vector c; d[c] its scale; correction[s][c] = −offset·(Σ q of vector c over sub-block s
/// of 16); sums[j][c] = Σ q over sub-block j of 32.
typedef struct {
    int8_t qs[64][16];
    float d[4];
    int32_t correction[16][4];
    int32_t sums[8][4];
} guide_qgemm_vector_superblock;

/// One super-block of a row group: qs[g][16r + 4j + k] = quant 4g + k of row r (unsigned);
/// scales[s][4r + j] = row r's integer scale of sub-block s of 16; mins[j][4r + j'] its
/// integer min of sub-block j of 32 (Q4_K, Q5_K; else 0); d[4r + j] its scale and
/// negated_dmin[4r + j] its min scale negated.
typedef struct {
    uint8_t qs[64][64];
    int32_t scales[16][16];
    int32_t mins[8][16];
    float d[16];
    float negated_dmin[16];
} guide_qgemm_row_superblock;

/// 1 when weights of GGML type `type` have a GEMM (Q4_0, Q4_1, Q5_0, Q8_0, Q4_K, Q5_K,
/// Q6_K), else 0.
int guide_qgemm_supports(uint32_t type);

/// Elements per block of the activation format `type` multiplies: 32 or 256 (0 when the
/// type has no GEMM).
int guide_qgemm_block_size(uint32_t type);

/// The fastest GEMM variant this CPU runs (a `guide_qdot_isa`), or -1 when there is none
/// beyond the scalar reference.
int guide_qgemm_best_isa(void);

/// Bytes `guide_qgemm_pack_vectors` writes for `count` vectors of `cols` elements for
/// weights of type `type` (`count` rounded up to GUIDE_QGEMM_VECTORS; the extra vectors
/// are zero).
size_t guide_qgemm_packed_bytes(uint32_t type, int count, int cols);

/// Quantizes `count` vectors of `cols` floats (a multiple of the block size; vector v at
/// x + v·cols) as llama.cpp does for weights of type `type` (Q8_0, Q8_1 for Q4_1, Q8_K for
/// the K formats) and lays them out into `packed_bytes(type, count, cols)` bytes at `out`.
/// Vectors are packed four at a time (a vector group of `group_bytes(type, cols)` bytes), so
/// a call for vectors 4G… writes at out + G·group_bytes; the last group is padded with zero
/// vectors.
void guide_qgemm_pack_vectors(uint32_t type, const float *x, int count, int cols, void *out);

/// Bytes of one packed vector group of `cols` elements for weights of type `type`.
size_t guide_qgemm_group_bytes(uint32_t type, int cols);

/// y[v·y_stride + r] = row r · vector v, for `rows` rows of type `type` (stored `row_bytes`
/// apart from `weights`) and the `count` vectors packed at `packed`, with the variant
/// `isa`. Returns 0 and writes nothing when the type or the variant is not available.
int guide_qgemm(int isa, uint32_t type, const void *weights, size_t row_bytes, int rows, const void *packed,
                int count, int cols, float *y, size_t y_stride);

#endif
