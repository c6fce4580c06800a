import Dispatch
import Synchronization

/// A few threads for work that must not run on an event loop but must not
/// take every core either: reading large request bodies (hashing, scanning,
/// parsing). Work waits its turn in order; past `capacity` items at once the
/// pool refuses more, and the caller answers 503, so a flood of large bodies
/// costs memory and time in proportion to the pool, never to the flood.
final class WorkerPool: Sendable {
    private let queues: [DispatchQueue]
    private let next = Atomic<Int>(0)
    private let inFlight = Atomic<Int>(0)
    /// Items running or waiting, at most.
    let capacity: Int

    init(label: String, workers: Int, capacity: Int) {
        queues = (0..<max(1, workers)).map { DispatchQueue(label: "\(label).\($0)", qos: .utility) }
        self.capacity = max(capacity, queues.count)
    }

    /// Runs `work` on one of the pool's threads, or returns false without running it when the pool is full.
    func submit(_ work: @escaping @Sendable () -> Void) -> Bool {
        guard inFlight.add(1, ordering: .relaxed).newValue <= capacity else {
            inFlight.subtract(1, ordering: .relaxed)
            return false
        }
        let queue = queues[next.add(1, ordering: .relaxed).oldValue % queues.count]
        queue.async { [self] in
            work()
            inFlight.subtract(1, ordering: .relaxed)
        }
        return true
    }

    /// Items running or waiting now.
    var load: Int { inFlight.load(ordering: .relaxed) }
}
