// The warm path's rules (WarmPath: cache entry, audience name, freshness, profile and folder
// precedence, private files, option tables, exec environment) are the core's vocabulary too:
// every importer of AuthHelperCore sees them as its own, from the one module that holds them.
@_exported import WarmPath
