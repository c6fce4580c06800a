import CLinux
import Foundation
import GatewayDemo
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
        // What any command creates (a database, its backup, an archive, a log) is for this user alone (docs/security.md).
        umask(0o077)
        // Each connection is a descriptor: use the hard limit, not the often-1024 soft one.
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        // A process a chaos run started dies with the run, even one killed with SIGKILL: no mock or gateway is
        // left behind on loopback. The variable names the parent, in case it died before this line ran.
        if let parent = ProcessInfo.processInfo.environment[ChaosRun.exitWithParent].flatMap(Int32.init) {
            _ = clinux_die_with_parent()
            if getppid() != parent { exit(1) }
        }
    }
}

