// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Podium",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "podium", targets: ["podium"]),
        .library(name: "PodiumKit", targets: ["PodiumKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "PodiumKit",
            dependencies: [
                "CLibXML2",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "BigInt", package: "BigInt"),
            ],
            path: "Sources/PodiumKit"
        ),
        .executableTarget(
            name: "podium",
            dependencies: [
                "PodiumKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/podium"
        ),
        .testTarget(
            name: "PodiumKitTests",
            dependencies: ["PodiumKit"],
            path: "Tests/PodiumKitTests",
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
