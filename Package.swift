// swift-tools-version:6.0
import PackageDescription

/// A C library found through pkg-config, installed from Debian when missing.
func systemLibrary(_ name: String, pkgConfig: String, apt: [String]) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt(apt)])
}

let package = Package(
    name: "Lectern",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lectern", targets: ["lectern"]),
        .library(name: "Lectern", targets: ["Lectern"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // C libraries: a module map and a shim header each, nothing else.
        systemLibrary("CCairo", pkgConfig: "cairo", apt: ["libcairo2-dev"]),
        systemLibrary("CPango", pkgConfig: "pangocairo", apt: ["libpango1.0-dev"]),
        systemLibrary("CHarfBuzz", pkgConfig: "harfbuzz", apt: ["libharfbuzz-dev"]),
        systemLibrary("CFreeType", pkgConfig: "freetype2", apt: ["libfreetype-dev"]),
        systemLibrary("CCmark", pkgConfig: "libcmark-gfm", apt: ["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"]),
        systemLibrary("COpenBLAS", pkgConfig: "openblas", apt: ["libopenblas-dev", "liblapacke-dev"]),
        systemLibrary("CZlib", pkgConfig: "zlib", apt: ["zlib1g-dev"]),
        systemLibrary("CCrypto", pkgConfig: "libcrypto", apt: ["libssl-dev"]),

        // What must happen before any Swift code runs, in every program: the OpenBLAS kernels that fit the
        // processor, line-buffered standard output (C constructors).
        .target(name: "CStartup", dependencies: ["COpenBLAS"]),
        .target(name: "Tensors", dependencies: ["COpenBLAS", "CStartup"]),
        .target(name: "ModelCore", dependencies: ["Tensors", "CZlib"]),
        .target(name: "Graphics", dependencies: ["CCairo", "CPango", "CHarfBuzz", "CFreeType"]),
        .target(name: "TeXMath", dependencies: ["Graphics"]),
        .target(name: "Plots", dependencies: ["Graphics", "TeXMath", "Tensors"]),
        .target(name: "ModelDiagrams", dependencies: ["Plots", "ModelCore"]),
        .target(name: "Publish", dependencies: ["Graphics", "TeXMath", "Plots", "CCmark"]),
        .target(
            name: "Notebook",
            dependencies: ["Publish", "Plots", "TeXMath", "ModelCore", "CCrypto"],
            plugins: ["LibraryCodePlugin"]),
        // Digests the model core's sources into Notebook at build time: cached results never outlive the code.
        .executableTarget(name: "LibraryHasher"),
        .plugin(name: "LibraryCodePlugin", capability: .buildTool(), dependencies: ["LibraryHasher"]),
        .target(
            name: "LecternCLI",
            dependencies: ["Notebook", "ModelCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .target(
            name: "Lectern",
            dependencies: ["LecternCLI", "Notebook", "ModelCore", "ModelDiagrams", "Tensors", "Plots", "Publish"]),
        .executableTarget(name: "lectern", dependencies: ["Lectern"], path: "notebooks"),

        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        .testTarget(name: "ModelCoreTests", dependencies: ["ModelCore"]),
        .testTarget(name: "GraphicsTests", dependencies: ["Graphics"]),
        .testTarget(name: "TeXMathTests", dependencies: ["TeXMath"]),
        .testTarget(name: "PlotsTests", dependencies: ["Plots", "Tensors"]),
        .testTarget(name: "ModelDiagramsTests", dependencies: ["ModelDiagrams"]),
        .testTarget(name: "PublishTests", dependencies: ["Publish"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook"]),
        .testTarget(name: "LecternCLITests", dependencies: ["LecternCLI", "Lectern", "lectern-cell-crashes"]),
        // Notebooks whose cells trap, exit or never end, for the tests of how `lectern build` contains them.
        .executableTarget(name: "lectern-cell-crashes", dependencies: ["Lectern"], path: "Tests/Fixtures/CellCrashes"),
    ]
)
