import Foundation
import GatewayTestSupport
import Glibc
import Testing

@Suite struct BenchHTTPCommandTests {
    /// Out of file descriptors, the server neither spins nor drops waiting clients: it pauses
    /// accepting and serves them as descriptors free up.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")), .timeLimit(.minutes(10)))  // only a hang reaches it
    func outOfDescriptorsTheServerPausesInsteadOfSpinning() throws {
        let (process, out, _) = GerbangProcess.make(
            ["bench", "http", "--serve-only", "--seconds", "600", "--event-loops", "1"], launcher: ["/usr/bin/prlimit", "--nofile=40:40"])
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        var ready = ""
        while !ready.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            ready += String(decoding: chunk, as: UTF8.self)
        }
        let port = try #require(ready.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) }, "no 'ready' line: \(ready)")

        // More clients than the child has descriptors for.
        var clients: [Int32] = []
        for _ in 0..<60 {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: in_port_t(UInt16(port).bigEndian),
                                      sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            #expect(connected == 0)
            let request = "GET /noop HTTP/1.1\r\nHost: t\r\n\r\n"
            _ = request.withCString { send(descriptor, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            clients.append(descriptor)
        }
        var answered = Set<Int32>()
        var closed = Set<Int32>()
        /// Reads answers as they come until `done`, or until every client is answered or closed (a server that died),
        /// or a patience no slow machine reaches runs out (a server that hangs).
        func collectAnswers(closingEachAnswered: Bool = false, until done: () -> Bool) {
            let patience = ContinuousClock.now + Eventually.patience
            while !done(), answered.count + closed.count < clients.count, ContinuousClock.now < patience {
                var polls = clients.filter { !answered.contains($0) && !closed.contains($0) }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                guard poll(&polls, nfds_t(polls.count), 100) > 0 else { continue }
                for entry in polls where entry.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                    var buffer = [UInt8](repeating: 0, count: 512)
                    if read(entry.fd, &buffer, 512) > 0 {
                        answered.insert(entry.fd)
                        if closingEachAnswered { close(entry.fd) }
                    } else {
                        closed.insert(entry.fd)
                    }
                }
            }
        }
        // The event: the server says it ran out of descriptors and paused accepting.
        var said = ready
        while !said.contains("pausing accepts") {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            said += String(decoding: chunk, as: UTF8.self)
        }
        #expect(said.contains("pausing accepts"))
        collectAnswers { !answered.isEmpty }
        // Every client holds its connection, so none of the rest can be accepted until one closes.
        #expect(answered.count < clients.count, "served \(answered.count) of \(clients.count) with 40 descriptors")

        // While clients wait and the server has no descriptors, it must not busy-loop on accept: its share of a CPU
        // over a second stays low (a share, not a speed: a loaded machine gives a spinning server less, never a
        // pausing one more).
        let before = try cpuTicks(process.processIdentifier)
        let measuredFrom = ContinuousClock.now
        Thread.sleep(forTimeInterval: 1)  // a measurement interval, not a wait for a condition
        let used = try cpuTicks(process.processIdentifier) - before
        let elapsedTicks = Double((ContinuousClock.now - measuredFrom).components.seconds * 100) + 100
        #expect(Double(used) < elapsedTicks * 0.2, "the server used \(used) CPU ticks in about a second while out of descriptors")

        // Freeing descriptors lets the waiting clients in: each answered client leaves, making room for the next.
        for descriptor in answered { close(descriptor) }
        collectAnswers(closingEachAnswered: true) { answered.count == clients.count }
        #expect(answered.count == clients.count, "\(closed.count) closed unanswered")
        for descriptor in clients where !answered.contains(descriptor) { close(descriptor) }  // answered ones are closed
    }

    /// utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15).
    private func cpuTicks(_ pid: Int32) throws -> Int {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }
}
