import Foundation
import Runtime
import Testing
@testable import JupyterKernel

/// The kernelspec Jupyter reads to start the kernel.
@Suite struct KernelSpecTests {
    @Test func kernelJSONStartsThisBinaryOnTheConnectionFile() throws {
        let spec = try JSON.decode(KernelSpec(executable: "/opt/guide/bin/guide").kernelJSON)
        #expect(spec.record?["argv"] == .list(["/opt/guide/bin/guide", "kernel", "-f", "{connection_file}"].map(DataValue.string)))
        #expect(spec.record?["language"] == .string("guide"))
        #expect(spec.record?["display_name"] == .string("GuideLang"))
        #expect(spec.record?["interrupt_mode"] == .string("signal"))
    }

    @Test func theFolderFollowsJupytersRules() {
        #expect(KernelSpec.kernelsFolder(prefix: "/venv", environment: [:]) == "/venv/share/jupyter/kernels")
        #expect(KernelSpec.kernelsFolder(prefix: nil, environment: ["JUPYTER_DATA_DIR": "/data", "HOME": "/h"]) == "/data/kernels")
        #if !os(macOS)
        #expect(KernelSpec.kernelsFolder(prefix: nil, environment: ["HOME": "/h"]) == "/h/.local/share/jupyter/kernels")
        #expect(KernelSpec.kernelsFolder(prefix: nil, environment: ["HOME": "/h", "XDG_DATA_HOME": "/x"]) == "/x/jupyter/kernels")
        #endif
    }

    @Test func installWritesTheSpecAndALogo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kernels-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let installed = try KernelSpec(executable: "/usr/bin/guide").install(into: folder)
        #expect(installed == folder + "/guide")
        let json = try #require(FileManager.default.contents(atPath: installed + "/kernel.json"))
        #expect(String(decoding: json, as: UTF8.self).contains("{connection_file}"))
        #expect(FileManager.default.fileExists(atPath: installed + "/logo-svg.svg"))
    }
}
