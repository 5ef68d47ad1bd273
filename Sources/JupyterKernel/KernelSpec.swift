import Foundation
import Runtime

/// The kernelspec that tells Jupyter how to start the GuideLang kernel: a folder
/// `kernels/guide/` holding `kernel.json` (the command line, with `{connection_file}` for
/// the file Jupyter writes) and a logo.
public struct KernelSpec {
    /// The kernel's name in Jupyter (`jupyter kernelspec list`, a notebook's metadata).
    public static let name = "guide"
    /// The language's name in kernelspecs, `kernel_info` and notebook metadata.
    public static let language = "guide"
    /// The MIME type of GuideLang source in `language_info`.
    public static let languageMimeType = "text/x-guide"
    /// A script's file extension in `language_info`.
    public static let fileExtension = ".guide"
    /// The display name a kernelspec gets unless told otherwise.
    public static let defaultDisplayName = "GuideLang"

    /// The `guide` executable the spec starts (an absolute path).
    public var executable: String
    /// The name shown in the launcher and the kernel menu.
    public var displayName = KernelSpec.defaultDisplayName

    public init(executable: String) {
        self.executable = executable
    }

    /// `kernel.json`'s text.
    public var kernelJSON: String {
        JSON.encode(.record(DataRecord([
            ("argv", .list([executable, "kernel", "-f", "{connection_file}"].map(DataValue.string))),
            ("display_name", .string(displayName)),
            ("language", .string(Self.language)),
            ("interrupt_mode", .string("signal")),
            ("metadata", .record(DataRecord([("file_extension", .string(Self.fileExtension))]))),
        ]))) + "\n"
    }

    /// Where kernelspecs go: `kernels/` under Jupyter's data folder for the user
    /// (`$JUPYTER_DATA_DIR`, else `$XDG_DATA_HOME/jupyter` or `~/.local/share/jupyter`; on
    /// macOS `~/Library/Jupyter`), or under `PREFIX/share/jupyter` for a prefix (a virtualenv,
    /// `/usr/local`).
    public static func kernelsFolder(prefix: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let prefix { return (prefix as NSString).appendingPathComponent("share/jupyter/kernels") }
        if let data = environment["JUPYTER_DATA_DIR"], !data.isEmpty {
            return (data as NSString).appendingPathComponent("kernels")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        #if os(macOS)
        return (home as NSString).appendingPathComponent("Library/Jupyter/kernels")
        #else
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (home as NSString).appendingPathComponent(".local/share")
        return (dataHome as NSString).appendingPathComponent("jupyter/kernels")
        #endif
    }

    /// Writes the spec into `kernelsFolder/guide/` (replacing an older one) and returns that folder.
    @discardableResult
    public func install(into kernelsFolder: String) throws -> String {
        let folder = (kernelsFolder as NSString).appendingPathComponent(Self.name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try kernelJSON.write(toFile: (folder as NSString).appendingPathComponent("kernel.json"),
                             atomically: true, encoding: .utf8)
        try Self.logo.write(toFile: (folder as NSString).appendingPathComponent("logo-svg.svg"),
                            atomically: true, encoding: .utf8)
        return folder
    }

    /// A small logo: a highlighted "G" as a GUIDE-marked span.
    static let logo = """
    <svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
    <rect x="4" y="4" width="56" height="56" rx="10" fill="#ffb86b"/>
    <text x="32" y="45" font-family="sans-serif" font-size="38" font-weight="bold" text-anchor="middle" fill="#222">G</text>
    </svg>

    """
}
