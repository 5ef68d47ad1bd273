import Engine
import GuideLang
/// The host.
public enum RuntimeInfo { public static let version = "0.1.0" }
