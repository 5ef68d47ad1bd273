#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells whether the current thread has enough stack left for another level of recursion,
/// so deeply nested input or runaway recursion becomes an error instead of a crash.
enum StackGuard {
    /// Bytes that must stay free below the current frame.
    static let reserve = 256 * 1024

    /// The lowest usable address of the current thread's stack, computed once per thread.
    private static let lowLimitKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static func hasRoom() -> Bool {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { pointer in
            let here = UInt(bitPattern: pointer)
            let low = lowLimit()
            return low == 0 || here > low + UInt(reserve)
        }
    }

    private static func lowLimit() -> UInt {
        if let stored = pthread_getspecific(lowLimitKey) { return UInt(bitPattern: stored) }
        let low = computeLowLimit()
        pthread_setspecific(lowLimitKey, UnsafeRawPointer(bitPattern: low))
        return low
    }

    private static func computeLowLimit() -> UInt {
        #if canImport(Glibc)
        // pthread_getattr_np is a GNU extension the Glibc module does not export; look it up.
        typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        guard let symbol = dlsym(nil, "pthread_getattr_np") else { return 0 }
        let getAttributes = unsafeBitCast(symbol, to: GetAttributes.self)
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return 0 }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer? = nil
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return 0 }
        return UInt(bitPattern: address)
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        return top - UInt(pthread_get_stacksize_np(pthread_self()))
        #else
        return 0
        #endif
    }
}
