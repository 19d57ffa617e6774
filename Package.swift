// swift-tools-version:6.0
import PackageDescription

// libsecret's headers include GLib's, whose configuration header lives in an architecture-specific
// folder on Debian. The libraries themselves are not linked: CLibSecret and CCurl load them with
// dlopen on the paths that need them (see their headers for why).
#if arch(arm64)
    let multiarch = "aarch64-linux-gnu"
    let embeddedTriple = "aarch64-unknown-linux-gnu"
#else
    let multiarch = "x86_64-linux-gnu"
    let embeddedTriple = "x86_64-unknown-linux-gnu"
#endif

/// Every C target is compiled with the warnings a C reviewer expects, and kept clean: a warning
/// stops the build.
let cWarnings: [CSetting] = [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])]

let package = Package(
    name: "authhelper",
    products: [
        .executable(name: "authhelper", targets: ["authhelper"]),
        .executable(name: "authhelper-full", targets: ["authhelper-full"]),
        .executable(name: "authhelper-devserver", targets: ["authhelper-devserver"]),
        // For Fuzz/ (libFuzzer targets over the parsers); not a public API.
        .library(name: "AuthHelperCore", targets: ["AuthHelperCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // The front: answers a warm header, token, exec or registry get from the runtime cache and
        // hands every other command line to authhelper-full (see its main.swift). Embedded Swift
        // over WarmPath's own sources (Sources/authhelper/WarmPath is a link to them, so one
        // source tree makes both builds), against CPosix instead of Glibc, linked -static. Why:
        // a warm `header` measured 0.8 ms against 1.4 ms for the same sources as full Swift
        // -static-executable, peak RSS 1.1 MB against 3.9 MB (docs/speed.md has this run's table).
        .executableTarget(
            name: "authhelper",
            dependencies: ["CPosix"],
            swiftSettings: [.enableExperimentalFeature("Embedded"), .unsafeFlags(["-wmo"])],
            linkerSettings: [
                .unsafeFlags([
                    "-Xclang-linker", "-static", "-Xclang-linker", "-fuse-ld=lld",
                    "-Xclang-linker", "-Wno-unused-command-line-argument",
                ]),
                // Embedded Swift's Unicode tables (String comparison, case mapping, Characters),
                // found from the toolchain's own library folder, which SwiftPM puts on the path.
                .unsafeFlags(["-Xlinker", "-l:../embedded/\(embeddedTriple)/libswiftUnicodeDataTables.a"]),
                .linkedLibrary("m"),
            ]
        ),
        // The C library for the front's Embedded Swift build, which has no Glibc module, and its
        // command line (see its header).
        .target(name: "CPosix", cSettings: cWarnings),
        // Every decision of the warm path, written once for the front and authhelper-full:
        // Glibc and the standard library only (no Foundation, no C library loaded); the front
        // compiles the same files in Embedded Swift, against CPosix (EmbeddedPortability.swift).
        .target(name: "WarmPath"),
        // Command layer: parses arguments, builds a context, calls the core, maps errors to exit codes.
        .executableTarget(
            name: "authhelper-full",
            dependencies: [
                "AuthHelperCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Everything the commands do; no argument parsing here.
        .target(
            name: "AuthHelperCore",
            dependencies: ["WarmPath", "CCurl", "CLibSecret", "CSignals", "CKeyring", "CCrypto"]
        ),
        // The one way the C targets load libraries at run time (see its header).
        .target(name: "CLoader", cSettings: cWarnings, linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
        .target(name: "CCurl", dependencies: ["CLoader"], cSettings: cWarnings),
        // Holds back termination signals while a rotated token pair is stored (see its header).
        .target(name: "CSignals", cSettings: cWarnings),
        // The kernel keyring's system calls (see its header for why not libkeyutils).
        .target(name: "CKeyring", cSettings: cWarnings),
        // libgcrypt, the one crypto library, loaded on first use: SHA-256 for PKCE, the kernel
        // store's sealed sessions, the keyring's transport session (see its header for why).
        .target(name: "CCrypto", dependencies: ["CLoader"], cSettings: cWarnings),
        .target(
            name: "CLibSecret",
            dependencies: ["CCrypto", "CLoader"],
            cSettings: [
                .unsafeFlags([
                    "-Wall", "-Wextra", "-Werror",
                    "-I/usr/include/libsecret-1",
                    "-I/usr/include/glib-2.0",
                    "-I/usr/lib/\(multiarch)/glib-2.0/include",
                ])
            ]
        ),
        // The development server: the seed API on loopback, with fault injection. Never linked
        // into authhelper; it shares no Swift code with the client, only the C shim of the crypto
        // library (CCrypto: libgcrypt), so a fresh build compiles no second crypto library
        // (swift-crypto's BoringSSL was 361 C files of each build).
        .executableTarget(
            name: "authhelper-devserver",
            dependencies: [
                .product(name: "FlyingFox", package: "FlyingFox"),
                "CCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "AuthHelperCoreTests", dependencies: ["AuthHelperCore"]),
        // The warm path's own rules (the runtime folder, registry names), tested without the core.
        .testTarget(name: "WarmPathTests", dependencies: ["WarmPath"]),
        .testTarget(name: "AuthHelperIntegrationTests", dependencies: ["AuthHelperCore"]),
    ]
)
