/// What the tools' helpers print, written once for the front and authhelper-full.
public enum ToolReply {
    /// Terraform's and OpenTofu's credentials helper: `get` for a host a profile claims.
    public static func terraform(token: String) -> String { "{\"token\":\(JSONString.quoted(token))}\n" }

    /// The `keyring` command of pip (`get URL USERNAME`: the password) and uv (`--mode creds`: a
    /// user name and the password on two lines). The user name is the profile's (`registry_username`,
    /// else its username), else the one the tool asked with, else `oauth2accesstoken`.
    public static func keyring(token: String, credsMode: Bool, username: String, asked: String?) -> String {
        guard credsMode else { return token + "\n" }
        return (username.isEmpty ? (asked ?? "oauth2accesstoken") : username) + "\n" + token + "\n"
    }
}
