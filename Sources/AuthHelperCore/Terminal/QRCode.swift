/// A QR code (ISO/IEC 18004) of a short text, for the device login's address on a terminal: byte
/// mode, error correction level M, versions 1 to 10 (up to 213 bytes — a verification address is
/// far shorter), the mask chosen by the standard's penalty rules. Pure Swift, no allocation
/// beyond its matrix; nil for a text too long.
///
/// Why not a library: none is on this machine for Swift, and the encoder is the standard's
/// tables and three algorithms (Reed-Solomon, placement, masking) in one file.
public struct QRCode: Equatable, Sendable {
    /// `size` × `size` modules, row by row; true is dark.
    public let size: Int
    public let modules: [Bool]

    public subscript(row: Int, column: Int) -> Bool { modules[row * size + column] }

    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard let version = (1...10).first(where: { Self.fits(bytes.count, version: $0) }) else { return nil }
        var matrix = Matrix(version: version)
        let codewords = Self.codewords(for: bytes, version: version)
        matrix.place(codewords)
        var best: Matrix?
        var bestPenalty = Int.max
        for mask in 0..<8 {
            var candidate = matrix
            candidate.apply(mask: mask)
            candidate.drawFormat(mask: mask)
            let penalty = candidate.penalty()
            if penalty < bestPenalty { (best, bestPenalty) = (candidate, penalty) }
        }
        size = best!.size
        modules = best!.dark
    }

    // MARK: The standard's tables (level M)

    /// Per version: error correction codewords per block, and the blocks' data codeword counts.
    static let blocks: [(ec: Int, data: [Int])] = [
        (10, [16]), (16, [28]), (26, [44]), (18, [32, 32]), (24, [43, 43]), (16, [27, 27, 27, 27]), (18, [31, 31, 31, 31]),
        (22, [38, 38, 39, 39]), (22, [36, 36, 36, 37, 37]), (26, [43, 43, 43, 43, 44]),
    ]
    static let alignment: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]
    static let versionBits: [Int: Int] = [7: 0x07C94, 8: 0x085BC, 9: 0x09A99, 10: 0x0A4D3]
    static let remainderBits = [0, 7, 7, 7, 7, 7, 0, 0, 0, 0]

    static func countBits(_ version: Int) -> Int { version < 10 ? 8 : 16 }

    static func fits(_ count: Int, version: Int) -> Bool {
        4 + countBits(version) + 8 * count <= 8 * blocks[version - 1].data.reduce(0, +)
    }

    // MARK: Data and error correction

    /// The final codeword sequence: the data (mode, count, bytes, terminator, padding) split into
    /// blocks, each with its Reed-Solomon codewords, interleaved.
    static func codewords(for bytes: [UInt8], version: Int) -> [UInt8] {
        let table = blocks[version - 1]
        let capacity = table.data.reduce(0, +)
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: countBits(version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, capacity * 8 - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < capacity {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        var dataBlocks: [[UInt8]] = []
        var offset = 0
        for count in table.data {
            dataBlocks.append(Array(data[offset..<(offset + count)]))
            offset += count
        }
        let generator = ReedSolomon.generator(degree: table.ec)
        let ecBlocks = dataBlocks.map { ReedSolomon.remainder(of: $0, by: generator) }
        var result: [UInt8] = []
        for index in 0..<(table.data.max() ?? 0) {
            for block in dataBlocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<table.ec {
            for block in ecBlocks { result.append(block[index]) }
        }
        return result
    }

    struct BitBuffer {
        var bytes: [UInt8] = []
        var count = 0

        mutating func append(_ value: Int, count bitCount: Int) {
            for shift in stride(from: bitCount - 1, through: 0, by: -1) {
                if count % 8 == 0 { bytes.append(0) }
                if (value >> shift) & 1 == 1 { bytes[count / 8] |= 0x80 >> UInt8(count % 8) }
                count += 1
            }
        }
    }

    /// GF(256) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D).
    enum ReedSolomon {
        static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
            var (a, b, product) = (Int(a), Int(b), 0)
            while b > 0 {
                if b & 1 == 1 { product ^= a }
                a <<= 1
                if a & 0x100 != 0 { a ^= 0x11D }
                b >>= 1
            }
            return UInt8(product)
        }

        /// (x - α^0)(x - α^1)…(x - α^(degree-1)), highest coefficient first (without the leading 1).
        static func generator(degree: Int) -> [UInt8] {
            var coefficients = [UInt8](repeating: 0, count: degree)
            coefficients[degree - 1] = 1
            var root: UInt8 = 1
            for _ in 0..<degree {
                for index in 0..<degree {
                    coefficients[index] = multiply(coefficients[index], root) ^ (index + 1 < degree ? coefficients[index + 1] : 0)
                }
                root = multiply(root, 2)
            }
            return coefficients
        }

        static func remainder(of data: [UInt8], by generator: [UInt8]) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: generator.count)
            for byte in data {
                let factor = byte ^ result[0]
                result.removeFirst()
                result.append(0)
                for index in 0..<result.count { result[index] ^= multiply(generator[index], factor) }
            }
            return result
        }
    }

    // MARK: The matrix

    struct Matrix: Equatable {
        let version: Int
        let size: Int
        var dark: [Bool]
        /// Function patterns: never data, never masked.
        var reserved: [Bool]

        init(version: Int) {
            self.version = version
            size = 17 + 4 * version
            dark = [Bool](repeating: false, count: size * size)
            reserved = dark
            for (row, column) in [(0, 0), (0, size - 7), (size - 7, 0)] { drawFinder(row, column) }
            for index in 8..<(size - 8) {
                set(6, index, index % 2 == 0)
                set(index, 6, index % 2 == 0)
            }
            let centers = QRCode.alignment[version - 1]
            for row in centers {
                for column in centers
                where !(row == 6 && column == 6) && !(row == 6 && column == centers.last!)
                    && !(row == centers.last! && column == 6)
                {
                    for dy in -2...2 {
                        for dx in -2...2 { set(row + dy, column + dx, max(abs(dx), abs(dy)) != 1) }
                    }
                }
            }
            drawFormat(mask: 0)  // reserves its modules; drawn again for the chosen mask
            if let bits = QRCode.versionBits[version] {
                for index in 0..<18 {
                    let on = (bits >> index) & 1 == 1
                    set(size - 11 + index % 3, index / 3, on)
                    set(index / 3, size - 11 + index % 3, on)
                }
            }
        }

        mutating func set(_ row: Int, _ column: Int, _ on: Bool) {
            dark[row * size + column] = on
            reserved[row * size + column] = true
        }

        mutating func drawFinder(_ top: Int, _ left: Int) {
            for dy in -1...7 {
                for dx in -1...7 {
                    let (row, column) = (top + dy, left + dx)
                    guard row >= 0, row < size, column >= 0, column < size else { continue }
                    let ring = max(abs(dy - 3), abs(dx - 3))
                    set(row, column, ring != 2 && ring != 4)
                }
            }
        }

        /// The 15 format bits (level M, `mask`) in both copies, and the dark module.
        mutating func drawFormat(mask: Int) {
            let data = mask  // level M is 00
            var remainder = data
            for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
            let bits = ((data << 10) | remainder) ^ 0x5412
            func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
            // Positions as the standard gives them, (x, y): column, then row.
            func at(_ x: Int, _ y: Int, _ on: Bool) { set(y, x, on) }
            for index in 0...5 { at(8, index, bit(index)) }
            at(8, 7, bit(6))
            at(8, 8, bit(7))
            at(7, 8, bit(8))
            for index in 9..<15 { at(14 - index, 8, bit(index)) }
            for index in 0..<8 { at(size - 1 - index, 8, bit(index)) }
            for index in 8..<15 { at(8, size - 15 + index, bit(index)) }
            at(8, size - 8, true)
        }

        /// The codewords, two columns at a time from the bottom right, up and down in turn.
        mutating func place(_ codewords: [UInt8]) {
            var bitIndex = 0
            let total = codewords.count * 8 + QRCode.remainderBits[version - 1]
            var right = size - 1
            while right >= 1 {
                if right == 6 { right = 5 }
                for step in 0..<size {
                    for offset in 0..<2 {
                        let column = right - offset
                        let upward = ((right + 1) & 2) == 0
                        let row = upward ? size - 1 - step : step
                        guard !reserved[row * size + column] else { continue }
                        if bitIndex < total, bitIndex < codewords.count * 8 {
                            dark[row * size + column] = (codewords[bitIndex >> 3] >> (7 - UInt8(bitIndex & 7))) & 1 == 1
                        }
                        bitIndex += 1
                    }
                }
                right -= 2
            }
        }

        mutating func apply(mask: Int) {
            for row in 0..<size {
                for column in 0..<size where !reserved[row * size + column] {
                    let flip: Bool
                    switch mask {
                    case 0: flip = (row + column) % 2 == 0
                    case 1: flip = row % 2 == 0
                    case 2: flip = column % 3 == 0
                    case 3: flip = (row + column) % 3 == 0
                    case 4: flip = (row / 2 + column / 3) % 2 == 0
                    case 5: flip = (row * column) % 2 + (row * column) % 3 == 0
                    case 6: flip = ((row * column) % 2 + (row * column) % 3) % 2 == 0
                    default: flip = ((row + column) % 2 + (row * column) % 3) % 2 == 0
                    }
                    if flip { dark[row * size + column].toggle() }
                }
            }
        }

        /// The standard's four penalty rules: runs, 2×2 blocks, finder-like patterns, balance.
        func penalty() -> Int {
            var score = 0
            func module(_ row: Int, _ column: Int, _ rows: Bool) -> Bool { rows ? dark[row * size + column] : dark[column * size + row] }
            for rows in [true, false] {
                for line in 0..<size {
                    var run = 1
                    for index in 1..<size {
                        if module(line, index, rows) == module(line, index - 1, rows) {
                            run += 1
                            if run == 5 { score += 3 } else if run > 5 { score += 1 }
                        } else {
                            run = 1
                        }
                    }
                    let pattern: [Bool] = [true, false, true, true, true, false, true]
                    for start in 0...(size - 7) where (0..<7).allSatisfy({ module(line, start + $0, rows) == pattern[$0] }) {
                        let before = start >= 4 && (1...4).allSatisfy { !module(line, start - $0, rows) }
                        let after = start + 10 < size && (7...10).allSatisfy { !module(line, start + $0, rows) }
                        if before || after { score += 40 }
                    }
                }
            }
            for row in 0..<(size - 1) {
                for column in 0..<(size - 1) {
                    let color = dark[row * size + column]
                    if dark[row * size + column + 1] == color, dark[(row + 1) * size + column] == color,
                        dark[(row + 1) * size + column + 1] == color
                    {
                        score += 3
                    }
                }
            }
            let darkCount = dark.filter { $0 }.count
            score += abs(darkCount * 20 - size * size * 10) / (size * size) * 10
            return score
        }
    }
}

extension QRCode {
    /// The code for a terminal, two modules a character (▀ ▄ █ and space), light as the
    /// foreground (bright white) on a black background, with a quiet zone of `quiet` modules:
    /// readable by a phone on a dark or a light terminal alike.
    public func terminalLines(quiet: Int = 2) -> [String] {
        let side = size + 2 * quiet
        func light(_ row: Int, _ column: Int) -> Bool {
            let (r, c) = (row - quiet, column - quiet)
            return !(r >= 0 && r < size && c >= 0 && c < size && self[r, c])
        }
        var lines: [String] = []
        for top in stride(from: 0, to: side, by: 2) {
            var line = "\u{1B}[97;40m"
            for column in 0..<side {
                let upper = light(top, column)
                let lower = top + 1 < side ? light(top + 1, column) : true
                line += upper ? (lower ? "█" : "▀") : (lower ? "▄" : " ")
            }
            lines.append(line + "\u{1B}[0m")
        }
        return lines
    }
}
