#if hasFeature(Embedded)
    import CPosix

    // What the Glibc overlay adds to the C library, for the front's Embedded Swift build (which has
    // no Glibc module: CPosix stands in for it, see Sources/CPosix/cposix.h). The full build
    // (authhelper-full and the tests) gets the same names from Glibc, so the rest of WarmPath is
    // written once for both.

    /// The calling thread's `errno`, as the overlay's property.
    var errno: Int32 {
        get { cposix_errno() }
        set { cposix_set_errno(newValue) }
    }

    /// C's `open` is variadic, which Swift cannot call; the overlay declares these two.
    func open(_ path: UnsafePointer<CChar>, _ flags: Int32) -> Int32 { cposix_open(path, flags) }
    func open(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 {
        cposix_open_creating(path, flags, mode)
    }

    /// The file type bits, typed as `st_mode` is (the C macros import as Int32).
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let S_IFMT = mode_t(CPosix.S_IFMT)
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let S_IFDIR = mode_t(CPosix.S_IFDIR)
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let S_IFREG = mode_t(CPosix.S_IFREG)
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let S_IFLNK = mode_t(CPosix.S_IFLNK)
#endif
