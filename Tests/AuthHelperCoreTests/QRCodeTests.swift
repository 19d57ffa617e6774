import AuthHelperCore
import Foundation
import XCTest

/// The device login's QR code: a real decoder (zbarimg, ZBar) reads back every length up to the
/// encoder's limit, and the terminal's half blocks draw exactly the matrix.
final class QRCodeTests: XCTestCase {
    static let zbarimg = "/usr/bin/zbarimg"

    /// The matrix as a PBM image, 6 pixels a module, with a 4-module quiet zone.
    static func pbm(_ code: QRCode) -> String {
        let (scale, quiet) = (6, 4)
        let side = (code.size + 2 * quiet) * scale
        var lines = ["P1", "\(side) \(side)"]
        for y in 0..<side {
            let row = y / scale - quiet
            lines.append(
                (0..<side).map { x -> String in
                    let column = x / scale - quiet
                    return row >= 0 && row < code.size && column >= 0 && column < code.size && code[row, column] ? "1" : "0"
                }.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func decode(_ code: QRCode) throws -> String {
        let image = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).pbm")
        try pbm(code).write(to: image, atomically: true, encoding: .ascii)
        defer { try? FileManager.default.removeItem(at: image) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: zbarimg)
        process.arguments = ["-q", "--raw", image.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    func testARealDecoderReadsBackEveryLengthUpToTheLimit() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.zbarimg) else {
            return XCTFail("\(Self.zbarimg) is missing: scripts/install-deps installs zbar-tools")
        }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%")
        for length in [1, 14, 30, 62, 84, 106, 122, 154, 180, 213] {
            let text = String((0..<length).map { _ in alphabet.randomElement()! })
            let code = try XCTUnwrap(QRCode(text), "\(length) bytes")
            XCTAssertEqual(try Self.decode(code), text, "\(length) bytes, \(code.size) modules")
        }
        XCTAssertEqual(QRCode("https://auth.example.test/device?user_code=WDJB-MJHT")?.size, 33, "version 4 for a typical address")
        XCTAssertNil(QRCode(String(repeating: "a", count: 214)), "beyond version 10 at level M")
    }

    func testTheTerminalLinesDrawExactlyTheMatrixInsideItsQuietZone() throws {
        let code = try XCTUnwrap(QRCode("https://auth.example.test/device?user_code=WDJB-MJHT"))
        let lines = code.terminalLines(quiet: 2).map { line in
            Array(line.replacingOccurrences(of: "\u{1B}[97;40m", with: "").replacingOccurrences(of: "\u{1B}[0m", with: ""))
        }
        XCTAssertEqual(lines.count, (code.size + 4 + 1) / 2)
        for row in 0..<(code.size + 4) {
            for column in 0..<(code.size + 4) {
                let character = lines[row / 2][column]
                let light = row % 2 == 0 ? "█▀".contains(character) : "█▄".contains(character)
                let inside = (2..<(code.size + 2)).contains(row) && (2..<(code.size + 2)).contains(column)
                XCTAssertEqual(!light, inside && code[row - 2, column - 2], "module \(row), \(column)")
            }
        }
    }
}
