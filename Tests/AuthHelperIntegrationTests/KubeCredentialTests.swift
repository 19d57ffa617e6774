import Foundation
import XCTest

final class KubeCredentialTests: IntegrationTestCase {
    func decode(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The published shape: apiVersion, kind "ExecCredential", status.token, and
    /// status.expirationTimestamp as an RFC 3339 UTC time.
    func assertExecCredential(_ json: [String: Any], version: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(json["apiVersion"] as? String, version, file: file, line: line)
        XCTAssertEqual(json["kind"] as? String, "ExecCredential", file: file, line: line)
        let status = try XCTUnwrap(json["status"] as? [String: Any], file: file, line: line)
        XCTAssertEqual(Set(status.keys), ["token", "expirationTimestamp"], file: file, line: line)
        let expiry = try XCTUnwrap(status["expirationTimestamp"] as? String, file: file, line: line)
        XCTAssertNotNil(
            expiry.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"#, options: .regularExpression), expiry, file: file, line: line)
        let formatter = ISO8601DateFormatter()
        XCTAssertGreaterThan(try XCTUnwrap(formatter.date(from: expiry), file: file, line: line), Date(), file: file, line: line)
        XCTAssertEqual(try server.usersMeStatus(token: try XCTUnwrap(status["token"] as? String)), 200, file: file, line: line)
    }

    func testV1WithoutExecInfo() throws {
        try login()
        let result = try session.authhelper(["kube-credential"])
        XCTAssertEqual(result.status, 0, result.stderr)
        try assertExecCredential(try decode(result.stdout), version: "client.authentication.k8s.io/v1")
    }

    func testVersionFromKubernetesExecInfo() throws {
        try login()
        for version in ["client.authentication.k8s.io/v1beta1", "client.authentication.k8s.io/v1"] {
            let info = #"{"apiVersion":"\#(version)","kind":"ExecCredential","spec":{"interactive":false}}"#
            let result = try session.authhelper(["kube-credential"], environment: ["KUBERNETES_EXEC_INFO": info])
            XCTAssertEqual(result.status, 0, result.stderr)
            try assertExecCredential(try decode(result.stdout), version: version)
        }
        let bad = try session.authhelper(
            ["kube-credential"], environment: ["KUBERNETES_EXEC_INFO": #"{"apiVersion":"client.authentication.k8s.io/v2"}"#])
        XCTAssertEqual(bad.status, 64)
        XCTAssertEqual(bad.stdout, "")
    }

    func testNotLoggedInPrintsNothingAndExits77() throws {
        let result = try session.authhelper(["kube-credential"], environment: ["KUBERNETES_EXEC_INFO": #"{"spec":{"interactive":false}}"#])
        XCTAssertEqual(result.status, 77)
        XCTAssertEqual(result.stdout, "")
    }
}
