/// The lines authhelper writes in cargo's credential provider protocol (the Cargo book,
/// "Credential Provider Protocol"), one JSON object each, without the newline.
enum CargoReply {
    /// The protocol versions the provider speaks.
    static let hello = #"{"v":[1]}"#
    static let logout = #"{"Ok":{"kind":"logout"}}"#
    static let urlNotSupported = #"{"Err":{"kind":"url-not-supported"}}"#
    static let operationNotSupported = #"{"Err":{"kind":"operation-not-supported"}}"#

    /// `get`'s answer: the whole Authorization value. Cargo may keep it until shortly before it
    /// expires, and for every operation.
    static func get(_ token: CachedToken) -> String {
        let expiration = max(token.obtainedAt, token.expiresAt - Freshness.defaultSeconds)
        return #"{"Ok":{"kind":"get","token":\#(JSONString.quoted("Bearer " + token.accessToken)),"cache":"expires","#
            + #""expiration":\#(expiration),"operation_independent":true}}"#
    }

    /// An error reply; cargo shows `message` to the person.
    static func failure(_ message: String, kind: String = "other") -> String {
        #"{"Err":{"kind":"\#(kind)","message":\#(JSONString.quoted(message)),"caused-by":[]}}"#
    }

    static func loginAdvice(_ profile: String) -> String {
        "authhelper keeps no registry tokens from cargo: the registry gets profile '\(profile)''s access token. "
            + "Run `authhelper login --profile \(profile)` instead of `cargo login`."
    }
}
