import Foundation
import XCTest

@testable import AuthHelperCore

/// The option table against the curl installed here: every option its `curl --help all` lists is
/// classified, and a value is expected exactly where curl's help shows one.
final class CurlOptionTableTests: XCTestCase {
    struct ListedOption {
        let short: Character?
        let long: String
        let takesValue: Bool
    }

    /// `curl --help all`, one option per line: ` -x, --proxy [protocol://]host[:port] Use this proxy`.
    func installedCurlsOptions() throws -> [ListedOption] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-q", "--help", "all"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var options: [ListedOption] = []
        for line in output.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            var short: Character?
            var rest = Substring(trimmed)
            if rest.count > 4, rest.hasPrefix("-"), !rest.hasPrefix("--"), rest.dropFirst(2).hasPrefix(", ") {
                short = rest.dropFirst().first
                rest = rest.dropFirst(4)
            }
            guard rest.hasPrefix("--") else { continue }
            let words = rest.dropFirst(2).split(separator: " ", maxSplits: 1)
            let name = String(words[0])
            let takesValue = words.count > 1 && (words[1].hasPrefix("<") || words[1].hasPrefix("["))
            options.append(ListedOption(short: short, long: name, takesValue: takesValue))
        }
        return options
    }

    func testEveryOptionOfTheInstalledCurlIsClassified() throws {
        let options = try installedCurlsOptions()
        XCTAssertGreaterThan(options.count, 200, "curl --help all was read")
        var counts: [String: Int] = [:]
        for option in options {
            guard let kind = CurlOptionTable.kind(of: option.long) else {
                XCTFail("--\(option.long) is not classified")
                continue
            }
            switch kind {
            case .valued:
                XCTAssertTrue(option.takesValue, "--\(option.long) is classified as taking a value; curl's help shows none")
                counts["valued", default: 0] += 1
            case .flag:
                XCTAssertFalse(option.takesValue, "--\(option.long) takes a value in curl's help; the table reads it as a flag")
                counts["flag", default: 0] += 1
            case .informational:
                counts["prints only", default: 0] += 1
            case .refused:
                // A refused option may have a value or not: it never runs.
                XCTAssertTrue(
                    (option.takesValue && CurlOptionTable.valued.contains(option.long))
                        || (!option.takesValue && CurlOptionTable.flags.contains(option.long)),
                    "--\(option.long): refused, and still classified by its value so the rest is read right")
                counts["refused", default: 0] += 1
            }
            if let short = option.short {
                XCTAssertEqual(CurlOptionTable.shortOptions[short], option.long, "-\(short)")
            }
        }
        XCTAssertEqual(Set(CurlOptionTable.shortOptions.keys), Set(options.compactMap(\.short)), "the short options are curl's")
        print(
            "curl --help all: \(options.count) options: \(counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))"
        )
    }

    func testTheTableHoldsNoOptionTheInstalledCurlLacksExceptRefusedOnes() throws {
        let listed = Set(try installedCurlsOptions().map(\.long))
        for name in CurlOptionTable.valued.union(CurlOptionTable.flags).union(CurlOptionTable.informational) {
            XCTAssertTrue(listed.contains(name), "--\(name) is in the table but not in the installed curl")
        }
    }
}
