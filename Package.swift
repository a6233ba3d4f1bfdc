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
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // tests only: reads payouts.xlsx back
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        .target(name: "CPodiumSys", path: "Sources/CPodiumSys"),
        .target(
            name: "PodiumKit",
            dependencies: [
                "CLibXML2",
                "CXLSXWriter",
                "CPodiumSys",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
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
                "CPodiumSys",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/podium"
        ),
        // the fuzz targets (`make fuzz`); a plain build replays saved inputs
        .executableTarget(
            name: "podium-fuzz",
            dependencies: ["PodiumKit"],
            path: "Sources/podium-fuzz"
        ),
        .testTarget(
            name: "PodiumKitTests",
            dependencies: ["PodiumKit", "CPodiumSys", .product(name: "BigInt", package: "BigInt"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/PodiumKitTests",
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
