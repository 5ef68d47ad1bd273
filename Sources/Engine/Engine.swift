import COpenBLAS
/// The inference engine.
public enum EngineInfo { public static let version = "0.1.0" }
