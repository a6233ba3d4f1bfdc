// swift-tools-version:6.0
// Measures Podium's CSV reader against yaslab/CSV.swift on the same file (`make bench-reader`).
import Foundation
import PackageDescription

// The repository's folder name is the root package's identity (a clone may be named anything).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "reader-bench",
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .executableTarget(
            name: "reader-bench",
            dependencies: [
                .product(name: "PodiumKit", package: root),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
