/// One line of `authhelper doctor`: a part of the setup, ✓ or ✗, what was found and (for ✗) the
/// one fix, and the contract's exit status the failure stands for.
public struct DoctorCheck: Equatable, Sendable {
    public let name: String
    public let passed: Bool
    public let detail: String
    public let fix: String?
    public let status: Int32

    static func pass(_ name: String, _ detail: String) -> DoctorCheck {
        DoctorCheck(name: name, passed: true, detail: detail, fix: nil, status: 0)
    }

    /// A detail that already carries its fix (an error message names its own) says it once: as
    /// the fix.
    static func fail(_ name: String, _ detail: String, fix: String, status: Int32) -> DoctorCheck {
        let shown = detail.contains(fix) ? detail.replacing(fix, with: "").trimmingSpaceAndNewlines : detail
        return DoctorCheck(name: name, passed: false, detail: shown, fix: fix, status: status == 0 ? 1 : status)
    }

    /// For people: `✓ name: detail`, or `✗ name: detail` and the fix indented below.
    public var text: String {
        (passed ? "✓ " : "✗ ") + name + ": " + detail + (fix.map { "\n    fix: " + $0 } ?? "")
    }

    /// For `--json`.
    public var json: JSONValue {
        .object([
            ("check", .string(name)), ("ok", .bool(passed)), ("detail", .string(detail)), ("fix", fix.map { .string($0) } ?? .null),
        ])
    }
}
