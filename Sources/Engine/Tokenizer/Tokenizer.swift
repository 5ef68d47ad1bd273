import Foundation

/// A tokenizer that gives the same token ids as llama.cpp for the same vocabulary: byte-level
/// BPE (`tokenizer.ggml.model = gpt2`) or SentencePiece pieces merged by score with byte
/// fallback (`llama`, as Gemma uses).
///
/// Encoding: the text is first cut at special tokens (longest first). For `gpt2`, the pieces
/// between them are cut into words by the pre-tokenizer, and each word's UTF-8 bytes are
/// merged by rank. For `llama`, each piece has its spaces written `▁` (and one prepended
/// when the vocabulary adds a space prefix and the piece starts the text or follows a special
/// token) and its characters are merged by score (`SentencePieceEncoder`). Decoding maps each
/// token back to the bytes its vocabulary string stands for.
public final class Tokenizer: @unchecked Sendable {
    /// The `tokenizer.ggml.model` of byte-level BPE.
    public static let bytePairModel = "gpt2"
    /// The `tokenizer.ggml.model` of SentencePiece vocabularies.
    public static let sentencePieceModel = "llama"

    /// The number of tokens in the vocabulary.
    public let vocabSize: Int
    /// The beginning-of-sequence token id, if the model names one.
    public let bosID: Int?
    /// The end-of-sequence token id, if the model names one.
    public let eosID: Int?
    /// Whether prompts should start with BOS; `encode` never adds it itself.
    public let addsBOS: Bool
    /// Tokens that end generation: EOS plus the tokens llama.cpp recognises by their text.
    public let endOfGenerationIDs: Set<Int>
    /// The pre-tokenizer in use (byte-level BPE only; nil for SentencePiece).
    public let preTokenizer: PreTokenizer?

    /// How the text between special tokens becomes tokens.
    private enum PieceModel {
        case bytePairs(BytePairEncoder, PreTokenizer)
        case sentencePiece(SentencePieceEncoder, addsSpacePrefix: Bool)
    }

    private let tokens: [String]
    /// Effective token types, after promoting control-looking tokens.
    private let types: [TokenType]
    /// The bytes each token decodes to, indexed by token id.
    private let tokenBytes: [[UInt8]]
    private let pieceModel: PieceModel
    /// Token ids by vocabulary string, for pre-tokenizers that skip merging when a whole
    /// (byte-level encoded) word is a token; empty for the others.
    private let wholeWordIDs: [TokenText: Int]
    /// Control, unknown and user-defined tokens, longest text first.
    private let specialTokens: [(bytes: [UInt8], id: Int, alwaysParsed: Bool)]
    private let wordCache = WordCache()

    /// Builds a tokenizer from a vocabulary.
    /// - Throws: `TokenizerError` for an unsupported model or pre-tokenizer, or an inconsistent vocabulary.
    public init(vocabulary: TokenizerVocabulary) throws {
        let sentencePiece = vocabulary.model == Self.sentencePieceModel
        guard sentencePiece || vocabulary.model == Self.bytePairModel else {
            throw TokenizerError.unsupportedModel(found: vocabulary.model,
                                                  supported: [Self.bytePairModel, Self.sentencePieceModel])
        }
        let preTokenizer = sentencePiece ? nil : try PreTokenizer(name: vocabulary.pre)
        self.preTokenizer = preTokenizer
        let tokens = vocabulary.tokens
        guard !tokens.isEmpty else { throw TokenizerError.emptyVocabulary }
        guard vocabulary.tokenTypes.count == tokens.count else {
            throw TokenizerError.tokenTypeCountMismatch(tokens: tokens.count, types: vocabulary.tokenTypes.count)
        }
        guard vocabulary.scores.isEmpty || vocabulary.scores.count == tokens.count else {
            throw TokenizerError.scoreCountMismatch(tokens: tokens.count, scores: vocabulary.scores.count)
        }
        for (role, id) in [("BOS", vocabulary.bosID), ("EOS", vocabulary.eosID), ("unknown", vocabulary.unknownID)] {
            if let id, !tokens.indices.contains(id) {
                throw TokenizerError.specialTokenOutOfRange(role: role, id: id, vocabSize: tokens.count)
            }
        }
        let tokenUTF8 = tokens.map { Array($0.utf8) }
        var tokenIDs: [TokenText: Int] = [:]
        tokenIDs.reserveCapacity(tokens.count)
        for (id, text) in tokenUTF8.enumerated() { tokenIDs[TokenText(text)] = id }

        let roles = SpecialTokenRoles.resolve(types: vocabulary.tokenTypes, tokenIDs: tokenIDs,
                                              eosID: vocabulary.eosID)
        self.tokens = tokens
        types = roles.types
        endOfGenerationIDs = roles.endOfGeneration
        vocabSize = tokens.count
        bosID = vocabulary.bosID
        eosID = vocabulary.eosID
        addsBOS = vocabulary.addsBOS
        if let preTokenizer {
            pieceModel = .bytePairs(try BytePairEncoder(tokenIDs: tokenIDs, merges: vocabulary.merges), preTokenizer)
        } else {
            pieceModel = .sentencePiece(
                SentencePieceEncoder(tokenIDs: tokenIDs, scores: vocabulary.scores, unknownID: vocabulary.unknownID),
                addsSpacePrefix: vocabulary.addsSpacePrefix)
        }
        tokenBytes = roles.types.indices.map { id in
            switch roles.types[id] {
            case .normal:
                return sentencePiece ? SentencePieceEncoder.unescapingSpaces(tokenUTF8[id])
                    : ByteLevelEncoding.decode(tokens[id])
            case .byte: return ByteLevelEncoding.rawByte(tokens[id]).map { [$0] } ?? tokenUTF8[id]
            default: return tokenUTF8[id]
            }
        }
        specialTokens = roles.types.indices
            .filter { [.control, .unknown, .userDefined].contains(roles.types[$0]) && !tokenUTF8[$0].isEmpty }
            .map { (tokenUTF8[$0], $0, roles.types[$0] == .userDefined) }
            .sorted { $0.bytes.count != $1.bytes.count ? $0.bytes.count > $1.bytes.count : $0.id < $1.id }
        wholeWordIDs = preTokenizer?.ignoresMerges == true ? tokenIDs : [:]
    }

    /// The token ids of `text`. With `parseSpecial`, texts of control tokens (such as
    /// `<|im_start|>`) become those tokens; without it they are ordinary text. User-defined
    /// tokens are always matched whole, as in llama.cpp. Never adds BOS.
    public func encode(_ text: String, parseSpecial: Bool = false) -> [Int] {
        encode(text, parseSpecialIn: parseSpecial ? [0..<text.utf8.count] : [])
    }

    /// The token ids of `text`, where control-token texts become those tokens only when
    /// they lie wholly inside one of `special` (UTF-8 byte ranges of `text`): for text
    /// whose template parts may hold special tokens but whose user parts may not. The rest
    /// is one text for the pre-tokenizer and merges, across the ranges' edges. Never adds BOS.
    public func encode(_ text: String, parseSpecialIn special: [Range<Int>]) -> [Int] {
        let bytes = Array(text.utf8)
        var output: [Int] = []
        output.reserveCapacity(bytes.count / 3)
        var words: [Range<Int>] = []
        var followsSpecial = true
        for fragment in partition(bytes, parseSpecialIn: special) {
            switch fragment {
            case let .token(id):
                output.append(id)
                followsSpecial = true
            case let .text(range):
                switch pieceModel {
                case let .bytePairs(_, preTokenizer):
                    let scalars = ScalarText(utf8: bytes[range])
                    words.removeAll(keepingCapacity: true)
                    preTokenizer.split(scalars, into: &words)
                    for word in words {
                        let start = range.lowerBound + scalars.utf8Offsets[word.lowerBound]
                        let end = range.lowerBound + scalars.utf8Offsets[word.upperBound]
                        encodeWord(bytes[start..<end], into: &output)
                    }
                case let .sentencePiece(encoder, addsSpacePrefix):
                    let escaped = SentencePieceEncoder.escapingSpaces(
                        bytes[range], prefixSpace: addsSpacePrefix && followsSpecial)
                    encoder.encode(escaped, into: &output)
                }
                followsSpecial = false
            }
        }
        return output
    }

    /// The vocabulary string of a token (byte-level encoded, e.g. `Ġthe`); empty for an
    /// id outside the vocabulary.
    public func piece(_ id: Int) -> String {
        tokens.indices.contains(id) ? tokens[id] : ""
    }

    /// The type of a token after llama.cpp's promotions, or nil outside the vocabulary.
    public func tokenType(_ id: Int) -> TokenType? {
        types.indices.contains(id) ? types[id] : nil
    }

    /// The text of `ids`. Control tokens are rendered only with `renderSpecial`; ids
    /// outside the vocabulary and unused tokens render as nothing. Invalid UTF-8 (a
    /// sequence cut in the middle) becomes U+FFFD.
    public func decode(_ ids: [Int], renderSpecial: Bool = false) -> String {
        var bytes: [UInt8] = []
        for id in ids { appendBytes(of: id, renderSpecial: renderSpecial, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes token `id` stands for, as `decode` renders it (a piece of a UTF-8
    /// sequence for tokens that split a character).
    public func bytes(_ id: Int, renderSpecial: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        appendBytes(of: id, renderSpecial: renderSpecial, to: &bytes)
        return bytes
    }

    /// Appends the bytes token `id` stands for, as `decode` renders it.
    func appendBytes(of id: Int, renderSpecial: Bool, to bytes: inout [UInt8]) {
        guard let type = tokenType(id) else { return }
        switch type {
        case .normal, .userDefined, .byte:
            bytes.append(contentsOf: tokenBytes[id])
        case .control, .unknown:
            if renderSpecial { bytes.append(contentsOf: tokenBytes[id]) }
        case .unused:
            break
        }
    }

    /// Byte-pair merges of one pre-tokenized word (byte-level BPE only).
    private func encodeWord(_ word: ArraySlice<UInt8>, into output: inout [Int]) {
        guard case let .bytePairs(encoder, preTokenizer) = pieceModel else { return }
        if preTokenizer.ignoresMerges,
           let id = wholeWordIDs[TokenText(ByteLevelEncoding.encode(word))] {
            output.append(id)
            return
        }
        let key = TokenText(Array(word))
        if let cached = wordCache.lookup(key) {
            output.append(contentsOf: cached)
            return
        }
        var ids: [Int] = []
        encoder.encode(word, into: &ids)
        if word.count <= WordCache.longestCachedWord { wordCache.store(key, ids) }
        output.append(contentsOf: ids)
    }

    private enum Fragment {
        case text(Range<Int>)
        case token(Int)
    }

    /// Cuts the text at special tokens, longest token text first; each token takes every
    /// non-overlapping occurrence, left to right, in the text not yet claimed. Control
    /// tokens count only inside one of `allowed`; user-defined tokens count everywhere.
    private func partition(_ bytes: [UInt8], parseSpecialIn allowed: [Range<Int>]) -> [Fragment] {
        guard !bytes.isEmpty else { return [] }
        var fragments: [Fragment] = [.text(0..<bytes.count)]
        for special in specialTokens where !allowed.isEmpty || special.alwaysParsed {
            var result: [Fragment] = []
            result.reserveCapacity(fragments.count)
            for fragment in fragments {
                guard case let .text(range) = fragment else { result.append(fragment); continue }
                var start = range.lowerBound
                var searchFrom = range.lowerBound
                while let match = Self.find(special.bytes, in: bytes, from: searchFrom, before: range.upperBound) {
                    let end = match + special.bytes.count
                    guard special.alwaysParsed || allowed.contains(where: { $0.lowerBound <= match && end <= $0.upperBound })
                    else { searchFrom = match + 1; continue }
                    if start < match { result.append(.text(start..<match)) }
                    result.append(.token(special.id))
                    start = match + special.bytes.count
                    searchFrom = start
                }
                if start < range.upperBound { result.append(.text(start..<range.upperBound)) }
            }
            fragments = result
        }
        return fragments
    }

    /// The first index at or after `start` where `needle` occurs entirely before `end`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, before end: Int) -> Int? {
        guard let first = needle.first, end - start >= needle.count else { return nil }
        var index = start
        let last = end - needle.count
        while index <= last {
            if haystack[index] == first {
                var offset = 1
                while offset < needle.count, haystack[index + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return index }
            }
            index += 1
        }
        return nil
    }
}

/// Token ids of recently encoded words; shared by concurrent `encode` calls.
private final class WordCache: @unchecked Sendable {
    private var entries: [TokenText: [Int]] = [:]
    private let lock = NSLock()
    private let capacity = 65_536
    /// Longer words (runs of symbols, long identifiers) are rare enough not to be kept.
    static let longestCachedWord = 128

    func lookup(_ word: TokenText) -> [Int]? {
        lock.lock(); defer { lock.unlock() }
        return entries[word]
    }

    func store(_ word: TokenText, _ ids: [Int]) {
        lock.lock(); defer { lock.unlock() }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[word] = ids
    }
}
