import Foundation

/// The built `guide` executable, found the one way every end-to-end test finds it: next to
/// the test bundle, since `swift build --build-tests` puts both in `.build/<triple>/<config>/`.
public enum GuideBinary {
    /// The executable's path; throws `GuideBinaryMissing`, listing where it looked, when
    /// it has not been built.
    public static func path() throws -> String {
        var candidates: [String] = []
        #if os(Linux)
        if let testExecutable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: testExecutable).deletingLastPathComponent()
                .appendingPathComponent("guide").path)
        }
        #endif
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("guide").path)
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("guide").path)
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return found
        }
        throw GuideBinaryMissing(searched: candidates)
    }
}

/// The `guide` executable was not built before the tests ran.
public struct GuideBinaryMissing: Error, CustomStringConvertible {
    /// The paths tried, in order.
    public var searched: [String]

    public var description: String {
        "the guide executable was not found (looked at \(searched.joined(separator: ", "))); "
            + "build it first with `swift build --product guide`"
    }
}
