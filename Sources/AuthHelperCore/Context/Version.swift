/// The one source of the version: the package, man pages and the .deb read it from here.
public enum AuthHelperVersion {
    public static let current = "0.1.0"
}
