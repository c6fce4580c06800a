import Foundation
import GatewayCore
import GatewayDaemon

/// `gerbang archive [--dry-run]`: retention on demand, by the running gateway.
enum ArchiveCommand: Command {
    static let name = "archive"
    static let summary = "move sync-log entries and inbox bodies older than retention.days to monthly archive files"
    static let flags: Set<String> = ["--json", "--dry-run"]
    static let options: Set<String> = DaemonClient.options
    static let help = """
        usage: gerbang archive [--dry-run] [--json] [--token T] [--gateway URL]

        Retention, now: the running gateway moves the sync-log entries and the inbox
        messages' bodies older than retention.days (gerbang.json, default 400) to monthly
        JSON-lines files under retention.folder (sync-log-2026-01.jsonl, inbox-2026-01.jsonl),
        in small batches, and deletes the entries (an inbox message keeps its row and dedup
        key; its body is in the file). Ended cases and their history are kept. The gateway
        does the same every retention.everyHours (24) and at its start. Each batch is synced
        to its file before its rows go, so a crash loses nothing and archives nothing twice.
        'gerbang log --archive FILE' reads a file back.
        Needs a token with the admin role.
          --dry-run      count what would move, per file; change nothing
          --json         print the gateway's report
        \(DaemonClient.help)

        example: gerbang archive --dry-run
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        let dryRun = arguments.has("--dry-run")
        let answer = try DaemonClient(arguments, command: name).call(.post, "/api/archive", body: ["dryRun": .bool(dryRun)])
        if arguments.has("--json") {
            try console.json(answer)
            return 0
        }
        for (file, lines) in (answer.field("files")?.object ?? [:]).sorted(by: { $0.key < $1.key }) {
            console.out("\(file): \(lines.text ?? "0") line\(lines.text == "1" ? "" : "s")\(dryRun ? " would be written" : " written")")
        }
        let entries = answer.field("syncLogEntries")?.text ?? "0", bodies = answer.field("inboxBodies")?.text ?? "0"
        let cutoff = answer.field("cutoff")?.text ?? "?"
        console.out(dryRun ? "dry run: \(entries) sync-log entries and \(bodies) inbox bodies from before \(cutoff) would move; nothing changed"
                    : "\(entries) sync-log entries and \(bodies) inbox bodies from before \(cutoff) archived"
                        + " (\(answer.field("batches")?.text ?? "0") batches, longest \(answer.field("longestBatchMilliseconds")?.text ?? "0") ms)")
        return 0
    }
}
