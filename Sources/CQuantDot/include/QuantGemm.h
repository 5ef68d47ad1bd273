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

   Weight formats: the 32-element ones whose values are d·(q − offset) with an integer q,
   Q4_0 (offset 8), Q5_0 (16) and Q8_0 (q + 128 stored, offset 128), with Q8_0 activations
   quantized as `guide_quantize_q8_0` does; and Q4_1 (d·q + m) with llama.cpp's Q8_1
   activations, the same quants plus s = d·Σq stored as F16, whose min terms m·s are added
   in a second accumulator (block order) and joined to the products at the end, as
   llama.cpp's Q4_1 kernel adds them after its products.

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

/// 1 when weights of GGML type `type` have a GEMM (Q4_0, Q4_1, Q5_0, Q8_0), else 0.
int guide_qgemm_supports(uint32_t type);

/// The fastest GEMM variant this CPU runs (a `guide_qdot_isa`), or -1 when there is none
/// beyond the scalar reference.
int guide_qgemm_best_isa(void);

/// Number of `guide_qgemm_vector_block`s `guide_qgemm_pack_vectors` writes for `count`
/// vectors of `cols` elements (`count` rounded up to GUIDE_QGEMM_VECTORS; the extra vectors
/// are zero).
size_t guide_qgemm_packed_blocks(int count, int cols);

/// Quantizes `count` vectors of `cols` floats (a multiple of 32; vector v at x + v·cols) to
/// Q8_0 (Q8_1 for Q4_1) and lays them out for weights of type `type`, into `packed_blocks(count, cols)`
/// blocks at `out`.
void guide_qgemm_pack_vectors(uint32_t type, const float *x, int count, int cols, guide_qgemm_vector_block *out);

/// y[v·y_stride + r] = row r · vector v, for `rows` rows of type `type` (stored `row_bytes`
/// apart from `weights`) and the `count` vectors packed at `packed`, with the variant
/// `isa`. Returns 0 and writes nothing when the type or the variant is not available.
int guide_qgemm(int isa, uint32_t type, const void *weights, size_t row_bytes, int rows,
                const guide_qgemm_vector_block *packed, int count, int cols, float *y, size_t y_stride);

#endif
