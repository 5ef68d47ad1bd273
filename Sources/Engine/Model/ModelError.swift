/// Why a GGUF file cannot be run as a model: each case says what was found and what was expected.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// `general.architecture` names an architecture this engine does not run.
    case unsupportedArchitecture(found: String, supported: [String])
    /// A hyper-parameter is missing, of the wrong type, or out of range.
    case invalidHyperparameter(key: String, reason: String)
    /// A tensor the architecture needs is not in the file.
    case missingTensor(name: String)
    /// A tensor has a different shape than the hyper-parameters imply (ggml order, ne0 first).
    case tensorShape(name: String, found: [Int], expected: [Int])
    /// A tensor is stored in a type the engine cannot use in that role.
    case unsupportedTensorType(name: String, type: String)
    /// The file asks for a RoPE scaling the engine does not implement.
    case unsupportedRopeScaling(found: String, supported: [String])

    public var description: String {
        switch self {
        case let .unsupportedArchitecture(found, supported):
            return "unsupported architecture '\(found)' (supported: \(supported.joined(separator: ", ")))"
        case let .invalidHyperparameter(key, reason):
            return "invalid hyper-parameter '\(key)': \(reason)"
        case let .missingTensor(name):
            return "missing tensor '\(name)'"
        case let .tensorShape(name, found, expected):
            return "tensor '\(name)' has shape \(found), expected \(expected)"
        case let .unsupportedTensorType(name, type):
            return "tensor '\(name)' has unsupported type \(type)"
        case let .unsupportedRopeScaling(found, supported):
            return "unsupported RoPE scaling '\(found)' (supported: \(supported.joined(separator: ", ")))"
        }
    }
}

/// Why a forward pass or generation request cannot run.
public enum InferenceError: Error, Equatable, CustomStringConvertible {
    /// Prefill was given no tokens.
    case emptyPrompt
    /// The tokens do not fit in the KV cache: `position + count > contextLength`.
    case contextOverflow(position: Int, count: Int, contextLength: Int)
    /// A token id outside `0..<vocabSize`, at `index` in the request.
    case tokenOutOfRange(token: Int, index: Int, vocabSize: Int)
    /// A requested context length outside `1...maximum`.
    case invalidContextLength(requested: Int, maximum: Int)

    public var description: String {
        switch self {
        case .emptyPrompt:
            return "empty prompt: at least one token is needed"
        case let .contextOverflow(position, count, contextLength):
            return "prompt too long: \(count) tokens at position \(position) exceed the context of \(contextLength) tokens"
        case let .tokenOutOfRange(token, index, vocabSize):
            return "token id \(token) at index \(index) is outside the vocabulary 0..<\(vocabSize)"
        case let .invalidContextLength(requested, maximum):
            return "context length \(requested) is outside 1...\(maximum)"
        }
    }
}
