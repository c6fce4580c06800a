import Foundation
import Glibc

extension Process {
    /// Process-wide settings every command wants before it starts.
    static func prepare() {
        // A parent may have started us with signals blocked (a test runner's thread, a
        // careless supervisor); the daemon must see SIGTERM and SIGINT to shut down.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGHUP)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        // Each connection is a descriptor: use the hard limit, not the often-1024 soft one.
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }
}

