/// The pieces and scores of a SentencePiece unigram model, with a hash table from a
/// piece's UTF-8 bytes to its id (FNV-1a, open addressing) so the lattice looks up byte
/// ranges of the normalised text without building strings.
struct UnigramVocabulary: Sendable {
    /// All piece texts, concatenated.
    let blob: [UInt8]
    /// Piece `i` is `blob[offsets[i]..<offsets[i + 1]]`.
    let offsets: [Int]
    let scores: [Float]
    let bos: Int
    let eos: Int
    let pad: Int
    let unk: Int
    /// Score of an unknown character: the lowest piece score minus 10.
    let unknownScore: Float
    /// Longest piece in bytes.
    let maxPieceBytes: Int
    /// piece id + 1, 0 = empty slot.
    private let table: [Int32]
    private let mask: Int

    var count: Int { scores.count }

    /// Reads the tokenizer section; `rows` is the embedding table's row count, which
    /// every id must stay below.
    init(reading reader: inout EncoderByteReader, rows: Int) throws {
        let count = try reader.readInt("piece count", in: 1...rows)
        let specials = try ["<s>", "</s>", "<pad>", "<unk>"].map { try reader.readInt("\($0) id", in: 0...(count - 1)) }
        let blobOffset = reader.offset
        let blobLength = try reader.read(UInt64.self, "piece blob length")
        guard blobLength <= UInt64(reader.remaining) else {
            throw EncoderFileError.truncated(what: "piece blob", offset: blobOffset, needed: Int(clamping: blobLength),
                                             available: reader.remaining)
        }
        let offsetsStart = reader.offset
        let rawOffsets = try reader.readUInt32s(count + 1, "piece offsets")
        for i in 0..<count where rawOffsets[i] > rawOffsets[i + 1] {
            throw EncoderFileError.invalidValue(what: "offset of piece \(i + 1)", offset: offsetsStart + 4 * (i + 1),
                                                found: String(rawOffsets[i + 1]), expected: "≥ \(rawOffsets[i])")
        }
        guard rawOffsets[0] == 0, UInt64(rawOffsets[count]) == blobLength else {
            throw EncoderFileError.invalidValue(what: "piece offsets", offset: offsetsStart,
                                                found: "\(rawOffsets[0])..<\(rawOffsets[count])", expected: "0..<\(blobLength)")
        }
        let scoresStart = reader.offset
        let scores = try reader.readUInt32s(count, "piece scores").map(Float.init(bitPattern:))
        if let bad = scores.firstIndex(where: { !$0.isFinite }) {
            throw EncoderFileError.invalidValue(what: "score of piece \(bad)", offset: scoresStart + 4 * bad,
                                                found: String(scores[bad]), expected: "a finite number")
        }
        let blobStart = try reader.take(Int(blobLength), "piece blob")
        let blob = Array(UnsafeRawBufferPointer(start: blobStart, count: Int(blobLength)))
        let offsets = rawOffsets.map(Int.init)
        var size = 2
        while size < 2 * count { size <<= 1 }
        let mask = size - 1
        var table = [Int32](repeating: 0, count: size)
        blob.withUnsafeBufferPointer { bytes in
            for i in 0..<count where offsets[i + 1] > offsets[i] {
                var slot = Self.hash(bytes, offsets[i], offsets[i + 1]) & mask
                while table[slot] != 0 { slot = (slot + 1) & mask }
                table[slot] = Int32(i + 1)
            }
        }
        self.blob = blob
        self.offsets = offsets
        self.scores = scores
        self.table = table
        self.mask = mask
        (bos, eos, pad, unk) = (specials[0], specials[1], specials[2], specials[3])
        unknownScore = (scores.min() ?? 0) - 10
        maxPieceBytes = max(1, (0..<count).map { offsets[$0 + 1] - offsets[$0] }.max() ?? 1)
    }

    /// The id of the piece whose bytes are `text[start..<end]`, or nil. With no duplicate
    /// pieces the first match is the only one.
    func id(of text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let length = end - start
        var slot = Self.hash(text, start, end) & mask
        return blob.withUnsafeBufferPointer { blob in
            while true {
                let entry = Int(table[slot])
                if entry == 0 { return nil }
                let id = entry - 1
                let pieceStart = offsets[id]
                if offsets[id + 1] - pieceStart == length,
                   (0..<length).allSatisfy({ blob[pieceStart + $0] == text[start + $0] }) {
                    return id
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The UTF-8 text of piece `id`.
    func piece(_ id: Int) -> String {
        String(decoding: blob[offsets[id]..<offsets[id + 1]], as: UTF8.self)
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var h: UInt64 = 1_469_598_103_934_665_603
        for i in start..<end {
            h ^= UInt64(bytes[i])
            h = h &* 1_099_511_628_211
        }
        return Int(truncatingIfNeeded: h & 0x7FFF_FFFF_FFFF_FFFF)
    }
}
