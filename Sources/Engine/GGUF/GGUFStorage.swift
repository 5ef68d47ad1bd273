#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a GGUF file: a read-only memory map of the file, or an owned copy of
/// bytes given in memory. Tensors keep their storage alive.
final class GGUFStorage: @unchecked Sendable {
    let base: UnsafeRawPointer
    let count: Int
    private let release: (UnsafeMutableRawPointer, Int) -> Void

    /// Maps the file at `path` read-only.
    init(mapping path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw GGUFError.cannotOpen(path: path, reason: Self.errnoText()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw GGUFError.cannotOpen(path: path, reason: Self.errnoText()) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw GGUFError.cannotOpen(path: path, reason: "not a regular file")
        }
        let size = Int(info.st_size)
        guard size > 0 else {
            throw GGUFError.truncated(what: "header (magic)", offset: 0, needed: 4, available: 0)
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw GGUFError.cannotOpen(path: path, reason: "mmap failed: \(Self.errnoText())")
        }
        base = UnsafeRawPointer(mapped)
        count = size
        release = { pointer, length in _ = munmap(pointer, length) }
    }

    /// Copies `bytes` into 64-byte aligned memory owned by the storage.
    init(copying bytes: [UInt8]) {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 64)
        bytes.withUnsafeBytes { source in
            if let start = source.baseAddress { memory.copyMemory(from: start, byteCount: source.count) }
        }
        base = UnsafeRawPointer(memory)
        count = bytes.count
        release = { pointer, _ in pointer.deallocate() }
    }

    deinit { release(UnsafeMutableRawPointer(mutating: base), count) }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
