import Foundation
import GatewayCore
import GatewayDaemon
import GatewayHTTP
import NationalSystems

/// `gerbang pause SYSTEM` and `gerbang resume SYSTEM`: hold and release deliveries to one national system.
enum PauseCommand: Command {
    static let name = "pause"
    static let summary = "stop deliveries to one national system; its messages wait in the outbox"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = DaemonClient.options.union(["--note"])
    static let help = """
        usage: gerbang pause SYSTEM [--note TEXT] [--json] [--token T] [--gateway URL]

        Stops the running gateway's deliveries to one system (oss, siinas, sipro, dpmptsp),
        for its maintenance window for example. Nothing is lost: the messages stay in the
        outbox, and 'gerbang resume SYSTEM' sends them, in order. A pause survives a restart.
        Needs a token with the admin role.
          --note TEXT    why, for the sync log and the status page
          --json         print the gateway's answer: {"changed": …, "paused": …}
        \(DaemonClient.help)

        example: gerbang pause siinas --note "SIINas maintenance until 14:00"
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        try change(arguments, action: "pause", console: console)
    }

    static func change(_ arguments: Arguments, action: String, console: Console) throws -> Int32 {
        let system = try arguments.positionals("SYSTEM", command: action)[0]
        let client = try DaemonClient(arguments, command: action)
        let note = arguments.option("--note").map { JSONValue.object(["note": .string($0)]) }
        let answer = try client.call(.post, "/api/systems/\(system.percentEncodedSegment)/\(action)", body: note)
        if arguments.has("--json") {
            try console.json(answer)
            return 0
        }
        let paused = answer.field("paused") == true
        let changed = answer.field("changed") == true
        console.out("\(system): deliveries \(paused ? "paused" : "running")\(changed ? "" : " (already)")")
        return 0
    }
}

enum ResumeCommand: Command {
    static let name = "resume"
    static let summary = "restart deliveries to a paused national system, in order"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = DaemonClient.options
    static let help = """
        usage: gerbang resume SYSTEM [--json] [--token T] [--gateway URL]

        Restarts deliveries to a system paused with 'gerbang pause': what waited in the
        outbox goes out now, in order, each under its idempotency key. Needs an admin token.
          --json         print the gateway's answer: {"changed": …, "paused": …}
        \(DaemonClient.help)

        example: gerbang resume siinas
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        try PauseCommand.change(arguments, action: "resume", console: console)
    }
}

/// `gerbang token add|list|revoke`: officers' tokens, kept hashed by the gateway.
enum TokenCommand: Command {
    static let name = "token"
    static let summary = "issue, list and revoke officers' tokens (add --officer NIP --role R | list | revoke ID)"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = DaemonClient.options.union(["--officer", "--role", "--nama", "--nip"])
    static let help = """
        usage: gerbang token add --officer NIP --role ROLE [--role ROLE]… [--nama NAME --nip NIP] [--json] [--token T]
               gerbang token list [--json]
               gerbang token revoke ID [--json]

        Officers act with a bearer token bound to one or more roles; a token may act only
        on steps of its roles. 'add' prints the new token once: the gateway keeps only its
        SHA-256. 'revoke' makes it answer 401 from then on and ends the page logins opened
        with it. Needs an admin token (--token, GERBANG_TOKEN; with development secrets,
        dev-admin).
          --officer NIP  who the token is for (NIP or name), as the case history shows it
          --role ROLE    a role of the SOPs, admin, or viewer (reads the pages and
                         /metrics, acts on nothing) (repeatable)
          --nama NAME    the officer's full name, and
          --nip NIP      their NIP: OSS is told them as who set a status
                         (nip_status) and, for a Kepala Dinas, who signed (nama_ttd,
                         nip_ttd); without them, agency.namaPetugas and nipPetugas
        \(DaemonClient.help)

        example: gerbang token add --officer siti --role kadis --nama "Siti Rahma, S.T." --nip 197001012000032001
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let words = arguments.positionals
        let client = try DaemonClient(arguments, command: "token \(words.first ?? "")")
        switch words.first {
        case "add" where words.count == 1:
            guard let officer = arguments.option("--officer"), !arguments.values("--role").isEmpty else {
                throw UsageError(command: name, message: "add needs --officer and at least one --role")
            }
            var body: [String: JSONValue] = ["officer": .string(officer), "roles": .array(arguments.values("--role").map(JSONValue.string))]
            body["nama"] = arguments.option("--nama").map(JSONValue.string)
            body["nip"] = arguments.option("--nip").map(JSONValue.string)
            let answer = try client.call(.post, "/api/tokens", body: .object(body))
            if arguments.has("--json") {
                try console.json(answer)
            } else {
                console.out(answer.field("token")?.text ?? "")
                console.error("token \(answer.field("details")?.field("id")?.text ?? "?") for \(officer): shown this once; give it to the officer")
            }
            return 0
        case "list" where words.count == 1:
            let tokens = try client.call(.get, "/api/tokens").field("tokens")?.array ?? []
            if arguments.has("--json") {
                try console.json(JSONValue.array(tokens))
                return 0
            }
            let rows = tokens.map { token -> [String] in
                [token.field("id")?.text ?? "", token.field("officer")?.text ?? "",
                 (token.field("roles")?.array ?? []).compactMap(\.text).joined(separator: ","), token.field("createdAt")?.text ?? "",
                 token.field("revokedAt")?.text.map { "revoked \($0)" } ?? "active"]
            }
            TextTable.render(header: ["ID", "OFFICER", "ROLES", "CREATED", "STATE"], rows: rows, rightAligned: []).forEach(console.out)
            if tokens.isEmpty { console.out("(no tokens issued; tokens from GERBANG_ROLE_TOKENS are not listed)") }
            return 0
        case "revoke" where words.count == 2:
            let answer = try client.call(.post, "/api/tokens/\(words[1].percentEncodedSegment)/revoke")
            if arguments.has("--json") {
                try console.json(answer)
            } else {
                console.out("\(words[1]) revoked" + (answer.field("changed") == false ? " (already)" : ""))
            }
            return 0
        default:
            throw UsageError(command: name, message: "expects add, list or revoke ID")
        }
    }
}
