/// The language: lexer, parser, interpreter. Knows nothing of the engine.
public enum GuideLangInfo { public static let version = "0.1.0" }
