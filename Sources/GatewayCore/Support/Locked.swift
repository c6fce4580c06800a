import Glibc

/// A value guarded by a lock, shared between threads.
///
/// Why not the standard library's `Mutex`: on Linux its lock is a futex driven by code the thread
/// sanitizer does not see, so `swift test --sanitize=thread` reports a race on every value it guards,
/// however correctly (measured with Swift 6.3.1: four threads adding under `Mutex.withLock` give
/// "Swift access race"; the same under a pthread mutex gives none). A pthread mutex is what the
/// sanitizer understands, which keeps its reports about our code.
public final class Locked<Value>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var value: Value

    public init(_ value: Value) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock; keep it short.
    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
