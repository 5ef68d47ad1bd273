// swift-tools-version:6.0
import PackageDescription

/// The CPU release builds of the engine are compiled for: `GUIDE_TARGET_CPU` when set
/// (e.g. `haswell` for an x86-64 binary meant for other machines), else `native`, the
/// machine that builds (what llama.cpp's `GGML_NATIVE` does).
let targetCPU = Context.environment["GUIDE_TARGET_CPU"].flatMap { $0.isEmpty ? nil : $0 }

/// Release builds of the engine want the machine's vector units; the flags stay inside
/// this package (they are not allowed on dependencies anyway). On x86-64 `-mfma` keeps
/// the kernels' `addProduct` one FMA instruction for every CPU choice (without FMA it
/// becomes a call to `fmaf` per lane). On arm64 FMA and NEON are part of the baseline, so
/// no CPU is named unless `GUIDE_TARGET_CPU` asks for one.
#if arch(x86_64)
let cpuFlags = ["-target-cpu", targetCPU ?? "native", "-Xcc", "-mfma"]
#else
let cpuFlags = targetCPU.map { ["-target-cpu", $0] } ?? []
#endif

let engineSettings: [SwiftSetting] = [
    .unsafeFlags(["-wmo"] + cpuFlags, .when(configuration: .release)),
]

let package = Package(
    name: "GuideLang",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "guide", targets: ["guide"]),
        .library(name: "GuideLang", targets: ["GuideLang"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "Runtime", targets: ["Runtime"]),
        .library(name: "Registry", targets: ["Registry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline",
                       providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZeroMQ", path: "Sources/CZeroMQ", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CRsvg", path: "Sources/CRsvg", providers: [.apt(["librsvg2-dev"])]),
        .target(name: "CCPUFeatures"),
        .target(name: "CQuantDot", dependencies: ["CCPUFeatures"]),
        .target(name: "GuideLang", exclude: ["README.md"]),
        .target(name: "Engine", dependencies: ["COpenBLAS", "CCPUFeatures", "CQuantDot"],
                exclude: ["README.md"], swiftSettings: engineSettings),
        .target(name: "Registry", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
                exclude: ["README.md"]),
        .target(name: "Runtime", dependencies: [
            "GuideLang", "Engine", "Registry", "CZlib", "CRsvg", .product(name: "Crypto", package: "swift-crypto"),
        ], exclude: ["README.md"]),
        .target(name: "JupyterKernel", dependencies: [
            "Runtime", "GuideLang", "CZeroMQ", .product(name: "Crypto", package: "swift-crypto"),
        ], exclude: ["README.md"]),
        .executableTarget(name: "guide", dependencies: [
            "Runtime", "Engine", "Registry", "GuideLang", "CReadline", "JupyterKernel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // What several test targets share (one seeded generator, one way to find `guide`).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GuideLangTests", dependencies: ["GuideLang", "TestSupport"],
                    resources: [.copy("Scripts")]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Registry", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "GuideLang", "Engine", "Registry", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "GuideCLITests", dependencies: ["guide", "TestSupport"]),
        .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel", "CZeroMQ", "Runtime", "TestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
