/// Discovers a profile's issuer again when its recorded token endpoint answers 404, and records
/// the endpoints it names now in the profile (best effort: the config may be read-only).
struct RecordingRediscovery: Rediscovery {
    let context: AuthContext
    let issuer: ServerURL
    let profile: Profile

    func tokenEndpoint() throws(AuthError) -> EndpointURL {
        let metadata = try context.discovery(for: profile).discover(issuer, allowInsecureHTTP: profile.allowInsecureHTTP)
        do {
            var config = try ConfigFile.load(context.paths.configFile, diagnostics: nil)
            if var recorded = config.profile(named: profile.name) {
                recorded.record(metadata)
                config.upsert(recorded)
                try ConfigFile.save(config, to: context.paths.configFile)
            }
        } catch {
            context.diagnostics.debug("the rediscovered endpoints were not recorded: \(error.message)")
        }
        return metadata.tokenEndpoint
    }
}
