import Dispatch
import GatewayCore
import Glibc

/// Waits for SIGINT or SIGTERM, taken through Dispatch rather than a C handler
/// so that what runs on shutdown is ordinary Swift; SIGHUP meanwhile asks for
/// a reload.
enum ShutdownSignal {
    /// Blocks until SIGINT or SIGTERM arrives, calling `reload` for each SIGHUP; returns the stopping signal.
    static func wait(reload: @escaping @Sendable () -> Void = {}) -> Int32 {
        let received = Locked<Int32>(0)
        let arrived = DispatchSemaphore(value: 0)
        var sources = [SIGINT, SIGTERM].map { number in
            source(number) {
                received.withLock { $0 = number }
                arrived.signal()
            }
        }
        sources.append(source(SIGHUP, reload))
        arrived.wait()
        sources.forEach { $0.cancel() }
        return received.withLock { $0 }
    }

    private static func source(_ number: Int32, _ handler: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
        signal(number, SIG_IGN)  // the Dispatch source sees it; the default action would kill us first
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler(handler: handler)
        source.resume()
        return source
    }
}
