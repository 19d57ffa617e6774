/// The names authhelper's programs answer to, written once for the front and authhelper-full.
public enum ProgramName {
    /// The program with every command; the front hands every call it does not answer to it.
    public static let full = "authhelper-full"

    /// Installed as a link by this name, the binary is git's credential helper
    /// (`git credential-authhelper get` runs `git-credential-authhelper get`).
    public static let gitHelper = "git-credential-authhelper"

    /// Installed as a link by this name, the binary is the container tools' credential helper
    /// (`credHelpers: {"registry.example.com": "authhelper"}` runs `docker-credential-authhelper get`).
    public static let dockerHelper = "docker-credential-authhelper"

    /// Installed as a link by this name in `~/.terraform.d/plugins`, the binary is Terraform's and
    /// OpenTofu's credentials helper (`credentials_helper "authhelper"`).
    public static let terraformHelper = "terraform-credentials-authhelper"

    /// Installed as a link by this name in a folder of its own (never over python3-keyring's),
    /// the binary is the `keyring` command pip and uv run (`--keyring-provider subprocess`).
    public static let keyringCommand = "keyring"

    /// The command that `argv[0]`'s last component stands for, if it is one of the links:
    /// `git-credential-authhelper` is `authhelper git-credential`.
    public static func impliedCommand(invokedAs argument0: String) -> String? {
        // On the UTF-8 bytes ('/' is ASCII): Characters would cost grapheme breaking on every call.
        let bytes = argument0.utf8
        let name = bytes.lastIndex(of: UInt8(ascii: "/")).map { String(argument0[bytes.index(after: $0)...]) } ?? argument0
        switch name {
        case gitHelper: return "git-credential"
        case dockerHelper: return "docker-credential"
        case terraformHelper: return "terraform-credentials"
        case keyringCommand: return "keyring"
        default: return nil
        }
    }
}
