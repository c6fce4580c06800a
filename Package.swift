// swift-tools-version:6.0
// Gerbang: an integration gateway between a regional licensing agency and
// OSS RBA, SIINas and SIPRO. No third-party Swift packages (the user asked for
// none): the toolchain and Debian's C libraries only.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Gerbang",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gerbang", targets: ["gerbang"]),
        .executable(name: "gerbang-fuzz", targets: ["gerbang-fuzz"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            providers: [.apt(["libsqlite3-dev"]), .yum(["sqlite-devel"])]
        ),
        // epoll, eventfd and accept4, which Swift's Glibc module leaves out.
        .systemLibrary(name: "CLinux"),
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // OpenSSL's libcrypto: SHA-1 for the OSS Token, HMAC-SHA256, constant-time comparison.
        .systemLibrary(name: "CCrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "GatewayCore", swiftSettings: strict),
        .target(name: "GatewayHTTP", dependencies: ["CLinux", "CCurl", "GatewayCore"], swiftSettings: strict),
        .target(name: "GatewayStore", dependencies: ["CSQLite", "GatewayCore"], swiftSettings: strict),
        .target(name: "NationalSystems", dependencies: ["CCrypto", "GatewayCore"], swiftSettings: strict),
        .target(name: "MockNationalSystems", dependencies: ["NationalSystems", "GatewayHTTP", "GatewayCore"], swiftSettings: strict),
        .target(name: "GatewayDaemon", dependencies: ["GatewayCore", "GatewayStore", "GatewayHTTP", "NationalSystems"], swiftSettings: strict),
        // `gerbang bench`: the load generator and the benchmarks of the server, the store and ingest.
        .target(name: "GatewayBenchmarks", dependencies: ["CLinux", "GatewayDaemon", "GatewayDemo", "GatewayHTTP", "GatewayStore", "MockNationalSystems",
                                                   "NationalSystems", "GatewayCore"],
                swiftSettings: strict),
        // The demo and the end-to-end rig: mocks and gateway in one process.
        .target(name: "GatewayDemo", dependencies: ["GatewayDaemon", "MockNationalSystems", "NationalSystems", "GatewayHTTP", "GatewayStore", "GatewayCore"],
                swiftSettings: strict),
        .executableTarget(
            name: "gerbang", dependencies: ["CLinux", "GatewayBenchmarks", "GatewayDaemon", "GatewayDemo", "GatewayStore", "GatewayCore", "GatewayHTTP", "MockNationalSystems", "NationalSystems"],
            swiftSettings: strict, plugins: ["BuildStamp"]),
        // `gerbang version`'s commit, written at build time from the checkout's git.
        .plugin(name: "BuildStamp", capability: .buildTool()),

        // libFuzzer harnesses over the parsers that read outside input (docs/fuzzing.md).
        .executableTarget(name: "gerbang-fuzz", dependencies: ["GatewayHTTP", "NationalSystems"], swiftSettings: strict),

        // Helpers shared by the test targets: the checkout's files, temporary folders.
        .target(name: "GatewayTestSupport", dependencies: ["GatewayCore"], path: "Tests/GatewayTestSupport", swiftSettings: strict),
        .testTarget(name: "GatewayCoreTests", dependencies: ["GatewayCore", "GatewayTestSupport"], swiftSettings: strict),
        .testTarget(name: "GatewayStoreTests", dependencies: ["GatewayStore", "GatewayCore", "GatewayTestSupport"], swiftSettings: strict),
        .testTarget(name: "GatewayHTTPTests", dependencies: ["GatewayHTTP", "GatewayTestSupport"], swiftSettings: strict),
        .testTarget(name: "NationalSystemsTests", dependencies: ["NationalSystems", "GatewayCore", "GatewayTestSupport"], swiftSettings: strict),
        .testTarget(name: "MockNationalSystemsTests", dependencies: ["MockNationalSystems", "NationalSystems", "GatewayHTTP", "GatewayTestSupport"], swiftSettings: strict),
        .testTarget(name: "GatewayDaemonTests", dependencies: ["GatewayDaemon", "GatewayStore", "GatewayCore", "GatewayHTTP", "NationalSystems", "GatewayTestSupport"], swiftSettings: strict),
        .testTarget(name: "GatewayBenchmarksTests", dependencies: ["GatewayBenchmarks", "GatewayCore", "GatewayDaemon", "GatewayHTTP", "GatewayStore",
                                                           "GatewayTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "GatewayDemoTests", dependencies: ["GatewayDemo", "GatewayDaemon", "MockNationalSystems", "NationalSystems", "GatewayHTTP", "GatewayStore", "GatewayCore", "GatewayTestSupport"], swiftSettings: strict),
        // The gateway with the mocks, over HTTP, including a gateway process stopped abruptly.
        .testTarget(name: "EndToEndTests", dependencies: ["gerbang", "GatewayDemo", "GatewayDaemon", "MockNationalSystems", "NationalSystems", "GatewayHTTP", "GatewayStore", "GatewayCore", "GatewayTestSupport"], swiftSettings: strict),
        .testTarget(name: "gerbangTests", dependencies: ["gerbang", "gerbang-fuzz", "GatewayStore", "GatewayCore", "GatewayTestSupport"], swiftSettings: strict),
    ]
)
