/// SIMD decoding of whole blocks to Floats, for the tiles that prefill multiplies with
/// `cblas_sgemm` and for embedding rows. Each format's decoder lives with its layout
/// (`BlockFormat`); the scalar `Dequantize` is their reference and decodes the rest.
enum BlockDecoder {
    typealias Decoder = (_ source: UnsafeRawPointer, _ blocks: Int, _ destination: UnsafeMutableRawPointer) -> Void

    /// The SIMD decoder for `type`, or nil when `Dequantize` handles it.
    static func decoder(for type: GGMLType) -> Decoder? {
        type.format?.decoder
    }

    /// Decodes `count` elements of `type` (whole blocks) into `destination`.
    static func decode(_ type: GGMLType, from source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>) {
        if let decoder = decoder(for: type) {
            decoder(source, count / type.blockSize, UnsafeMutableRawPointer(destination))
        } else {
            Dequantize.elements(type, from: source, count: count, into: destination)
        }
    }
}
