// swift-tools-version:6.0
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, which is whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let rootIdentity = root.lastPathComponent.lowercased()

// libFuzzer targets for authhelper's parsers. A package of its own so that the fuzzer entry point
// (which has no `main`) never enters a normal build of authhelper.
//   swift build --package-path Fuzz --sanitize fuzzer --scratch-path .build-fuzz
//   scripts/fuzz [seconds]
let package = Package(
    name: "authhelper-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "authhelper-fuzz",
            dependencies: [.product(name: "AuthHelperCore", package: rootIdentity)],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ]
)
