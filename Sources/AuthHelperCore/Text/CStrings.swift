/// A Swift string from a NUL-terminated C buffer filled by a C call.
func stringFromCBuffer(_ buffer: [CChar]) -> String {
    buffer.withUnsafeBufferPointer { pointer in
        let bytes = UnsafeRawBufferPointer(pointer)
        let end = bytes.firstIndex(of: 0) ?? bytes.count
        return String(decoding: bytes[..<end], as: UTF8.self)
    }
}
