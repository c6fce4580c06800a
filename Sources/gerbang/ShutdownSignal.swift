import Dispatch
import Glibc
import Synchronization

/// Waits for SIGINT or SIGTERM, taken through Dispatch rather than a C handler
/// so that what runs on shutdown is ordinary Swift.
enum ShutdownSignal {
    /// Blocks until one of the signals arrives; returns its number.
    static func wait() -> Int32 {
        let received = Mutex<Int32>(0)
        let arrived = DispatchSemaphore(value: 0)
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)  // the Dispatch source sees it; the default action would kill us first
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                received.withLock { $0 = number }
                arrived.signal()
            }
            source.resume()
            return source
        }
        arrived.wait()
        sources.forEach { $0.cancel() }
        return received.withLock { $0 }
    }
}
