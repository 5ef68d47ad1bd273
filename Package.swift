// swift-tools-version:6.0
import PackageDescription

/// Release builds of the engine want the machine's vector units; the flags stay
/// inside this package (they are not allowed on dependencies anyway).
let engineSettings: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-wmo", "-target-cpu", "skylake-avx512"], .when(configuration: .release)),
]

let package = Package(
    name: "GuideLang",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "guide", targets: ["guide"]),
        .library(name: "GuideLang", targets: ["GuideLang"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "Runtime", targets: ["Runtime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline",
                       providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "GuideLang", exclude: ["README.md"]),
        .target(name: "Engine", dependencies: ["COpenBLAS"], exclude: ["README.md"], swiftSettings: engineSettings),
        .target(name: "Runtime", dependencies: ["GuideLang", "Engine", "CZlib"]),
        .executableTarget(name: "guide", dependencies: [
            "Runtime", "Engine", "GuideLang", "CReadline",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "GuideLangTests", dependencies: ["GuideLang"],
                    resources: [.copy("Scripts")]),
        .testTarget(name: "EngineTests", dependencies: ["Engine"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "GuideLang", "Engine"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "GuideCLITests", dependencies: ["guide"]),
    ],
    swiftLanguageModes: [.v5]
)
