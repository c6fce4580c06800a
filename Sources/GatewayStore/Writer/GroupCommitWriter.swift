import Foundation

/// The gateway's one writer: a thread that owns the database and commits
/// the work handed to it in groups.
///
/// With `synchronous=FULL` every COMMIT waits for an fsync, and one fsync per
/// message would cap the gateway at a few thousand messages a second
/// (DESIGN.md rule 6: throughput from group commit, not weaker syncing). So
/// the writer takes every job waiting, runs them in one `BEGIN IMMEDIATE`
/// transaction, commits once, and only then tells each caller how its job
/// ended. A job that throws leaves the others in the group untouched: the group
/// is rolled back and run again with each job in its own savepoint, where the
/// one that throws rolls back alone (so a job must do nothing but write through
/// the database it is given: it may run twice). A failed COMMIT fails them all.
///
/// Nothing is reported before the COMMIT that made it durable, so a caller
/// that answers a sender from the completion never acknowledges lost work
/// (rule 1). The completions of a group run on a thread of their own, in
/// order, while the writer goes on with the next group.
///
/// The writer also keeps the WAL in check (``Checkpoints``): a checkpointer on a
/// connection of its own copies it into the database file while the writer goes
/// on, and the writer finishes the copy itself between two groups once the WAL
/// has grown past its bound, so that the next group starts the WAL file again
/// from its beginning even when the writer never pauses.
public final class GroupCommitWriter: @unchecked Sendable {
    /// How the WAL is kept copied into the database file, and bounded.
    public struct Checkpoints: Sendable {
        /// A passive checkpoint on a connection of its own, this often (settings: polling.checkpointMilliseconds).
        public var intervalMilliseconds: Int
        /// Past this many frames in the WAL after a commit, the writer checkpoints before its next group: most pages
        /// are copied already, and the WAL file, reused from its start, stays near this size (32 MiB of 4 KiB pages).
        public var boundFrames: Int
        /// Told the error when checkpoints start failing, and nil when they work again.
        public var report: @Sendable (String?) -> Void

        public init(intervalMilliseconds: Int = 1000, boundFrames: Int = 8192, report: @escaping @Sendable (String?) -> Void = { _ in }) {
            self.intervalMilliseconds = intervalMilliseconds
            self.boundFrames = boundFrames
            self.report = report
        }
    }

    /// Counters since start.
    public struct Statistics: Sendable, Equatable {
        public let commits: Int
        public let jobs: Int
        public let largestGroup: Int
        /// Checkpoints the writer made itself because the WAL had passed its bound.
        public let boundCheckpoints: Int
        /// Groups committed in one go, without a savepoint a job (the others had a job that threw, and ran again).
        public let fastGroups: Int
        /// Processor time the writer's thread has used, in seconds (CLOCK_THREAD_CPUTIME_ID): what a push costs the
        /// one thread every push goes through, whatever else the machine is doing.
        public let cpuSeconds: Double
    }

    private struct Job {
        /// Runs inside the group's transaction, in its own savepoint.
        let run: (GatewayDatabase) throws -> Void
        /// Called after the COMMIT with nil, or with the job's or the commit's error.
        let finish: ((any Error)?) -> Void
    }

    /// Only the writer thread touches it once `start()` has run.
    private let database: GatewayDatabase
    private let maxGroup: Int
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var running = false
    private var stopping = false
    private var commits = 0
    private var jobs = 0
    private var largestGroup = 0
    private var boundCheckpoints = 0
    private var fastGroups = 0
    private var cpuSeconds = 0.0
    private let stopped = DispatchSemaphore(value: 0)
    private let answers = Answers()
    private let checkpointer: Checkpointer?
    private let boundFrames: Int

    /// The page cache the writer's connection is given: room for what a full group of jobs dirties. SQLite's
    /// default (2 MiB) spills pages to the WAL in the middle of a group, which writes them again when they change once more.
    public static let cacheKibibytes = 32 * 1024

    /// Sets the database's connection up as the writer's (its page cache; with `checkpoints`, SQLite's automatic
    /// checkpoint off for the checkpointer and the bound).
    /// - Parameter maxGroup: at most this many jobs share one COMMIT, so one
    ///   group's latency stays bounded under a flood.
    /// - Parameter checkpoints: nil leaves SQLite's automatic checkpoint on (tests of the writer alone).
    public init(database: GatewayDatabase, maxGroup: Int = 512, checkpoints: Checkpoints? = nil) throws {
        self.database = database
        self.maxGroup = max(1, maxGroup)
        try database.connection.setCacheSize(kibibytes: Self.cacheKibibytes)
        if let checkpoints {
            try database.connection.disableAutomaticCheckpoints()
            checkpointer = try Checkpointer(database: database.connection.path, intervalMilliseconds: checkpoints.intervalMilliseconds,
                                            report: checkpoints.report)
            boundFrames = max(1, checkpoints.boundFrames)
        } else {
            checkpointer = nil
            boundFrames = .max
        }
    }

    public func start() {
        condition.lock()
        defer { condition.unlock() }
        guard !running else { return }
        checkpointer?.start()
        answers.start()
        running = true
        let thread = Thread { [self] in loop() }
        thread.name = "gerbang-writer"
        thread.start()
    }

    /// Finishes the jobs already handed in, checkpoints the WAL into the database file, then stops
    /// the thread. Jobs handed in afterwards fail.
    public func stop() {
        condition.lock()
        let wasRunning = running && !stopping
        stopping = true
        condition.broadcast()
        condition.unlock()
        if wasRunning { stopped.wait() }
    }

    /// Hands in a job; `completion` runs after the COMMIT on the thread that
    /// answers the group's jobs in order, so it must be quick (post a reply,
    /// signal a waiter). Jobs handed in before `start()` wait for it.
    public func submit<T>(
        _ work: @escaping (GatewayDatabase) throws -> T, completion: @escaping (Result<T, any Error>) -> Void
    ) {
        var value: T?
        let job = Job(run: { value = try work($0) }, finish: { error in
            if let error { completion(.failure(error)) } else if let value { completion(.success(value)) }
        })
        condition.lock()
        guard !stopping else {
            condition.unlock()
            return completion(.failure(WriterStopped()))
        }
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs `work` here, in a transaction of its own, if the writer has not started (no thread owns the
    /// database yet, and a job handed in would wait for the start); nil, without running it, once it has.
    public func beforeStart<T>(_ work: (GatewayDatabase) throws -> T) throws -> T? {
        condition.lock()
        defer { condition.unlock() }
        guard !running, !stopping else { return nil }
        return try database.transaction { try work(database) }
    }

    /// Runs a job and waits until it is committed.
    public func perform<T>(_ work: @escaping (GatewayDatabase) throws -> T) throws -> T {
        try Self.wait { completion in submit(work, completion: completion) }
    }

    /// Starts something that reports through a completion (a job handed to a writer) and waits for it.
    public static func wait<T>(_ start: (@escaping (Result<T, any Error>) -> Void) -> Void) throws -> T {
        let done = DispatchSemaphore(value: 0)
        var outcome: Result<T, any Error>?
        start { result in
            outcome = result
            done.signal()
        }
        done.wait()  // the semaphore orders the write of `outcome` before this read
        return try outcome!.get()
    }

    public var statistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        return Statistics(commits: commits, jobs: jobs, largestGroup: largestGroup, boundCheckpoints: boundCheckpoints, fastGroups: fastGroups,
                          cpuSeconds: cpuSeconds)
    }

    // MARK: The writer thread

    private func loop() {
        while let group = nextGroup() {
            let errors: [(any Error)?]
            do {
                // Every job straight in the group's transaction: a savepoint a job copied each page it first touched
                // into a journal and dropped it again, a sixth of the writer's instructions. Jobs seldom throw (a push
                // never does but for a failing disk); when one does, the group is rolled back and run again the careful way.
                try database.transaction { for job in group { try job.run(database) } }
                errors = Array(repeating: nil, count: group.count)
                condition.lock()
                fastGroups += 1
                condition.unlock()
            } catch {
                errors = runCarefully(group)
            }
            condition.lock()
            commits += 1
            jobs += group.count
            largestGroup = max(largestGroup, group.count)
            cpuSeconds = Self.threadCPUSeconds()
            condition.unlock()
            answers.hand(Array(zip(group.map(\.finish), errors)))
            // Passive, it waits for nobody: when the checkpointer holds the copy at this moment it does nothing, and the
            // next commit tries again. The group's answers go out meanwhile.
            if database.connection.walFrames >= boundFrames, let copy = try? database.connection.checkpoint(.passive), copy.walFrames > 0,
               copy.isComplete {
                condition.lock()
                boundCheckpoints += 1
                condition.unlock()
            }
        }
        answers.stop()  // after the last group's answers
        // A clean stop leaves everything in the database file itself, not in the WAL beside it: a copy of
        // the .sqlite alone is then whole. Best effort: a reader still open makes it wait, then give up.
        checkpointer?.stop()
        _ = try? database.connection.checkpoint(.truncate)
        stopped.signal()
    }

    /// Runs each job of the group in a savepoint of its own, in one transaction: a job that throws rolls back alone and
    /// the others commit; a failed COMMIT fails them all. A job may so run twice, the first time rolled back.
    private func runCarefully(_ group: [Job]) -> [(any Error)?] {
        var errors = [(any Error)?](repeating: nil, count: group.count)
        do {
            try database.transaction {
                for (index, job) in group.enumerated() {
                    do {
                        try database.transaction { try job.run(database) }
                    } catch {
                        errors[index] = error
                    }
                }
            }
        } catch {
            errors = errors.map { $0 ?? error }
        }
        return errors
    }

    /// Processor time the calling thread has used.
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The jobs waiting, at most `maxGroup`; nil once stopping with nothing left.
    private func nextGroup() -> [Job]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty {
            if stopping {
                running = false
                return nil
            }
            condition.wait()
        }
        let count = min(queue.count, maxGroup)
        let group = Array(queue.prefix(count))
        queue.removeFirst(count)
        return group
    }
}

/// Runs each committed group's completions, in the order the groups committed, on a thread of its own: answering
/// a group (a reply posted to its event loop, a sync log line handed on, a service woken) took a tenth of the
/// writer's time, which the next group now has.
private final class Answers: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[(finish: ((any Error)?) -> Void, error: (any Error)?)]] = []
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    func start() {
        let thread = Thread { [self] in
            while let batch = next() {
                for (finish, error) in batch { finish(error) }
            }
            finished.signal()
        }
        thread.name = "gerbang-answers"
        thread.start()
    }

    func hand(_ batch: [(finish: ((any Error)?) -> Void, error: (any Error)?)]) {
        condition.lock()
        batches.append(batch)
        condition.signal()
        condition.unlock()
    }

    /// Answers what was handed in, then stops the thread.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        finished.wait()
    }

    private func next() -> [(finish: ((any Error)?) -> Void, error: (any Error)?)]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty {
            if stopping { return nil }
            condition.wait()
        }
        return batches.removeFirst()
    }
}

/// The writer was stopped: the job was not run.
public struct WriterStopped: Error, CustomStringConvertible {
    public var description: String { "the database writer has stopped (the gateway is shutting down); try again after it restarts" }
}
