import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems

/// The administrators' API, for whoever runs the daemon (the `admin` role):
/// officer tokens, pausing deliveries to a national system, replaying dead
/// letters. The `gerbang` commands that change state call these.
extension GatewayRoutes {
    func addAdminAPI(to router: inout Router) {
        let authenticator = OfficerAuthenticator(runtime: runtime)
        @Sendable func admin(_ request: HTTPRequest, action: String) throws -> Secrets.RoleToken {
            try authenticator.admin(token: OfficerAuthenticator.bearer(request), action: action)
        }

        router.get("/api/tokens") { [runtime] request in
            _ = try admin(request, action: "token.list")
            try request.acceptQuery([])
            return .json(["tokens": try runtime.read { try $0.tokens.list() }.map(TokenView.init)])
        }
        router.post("/api/tokens") { [runtime] request in
            let by = try admin(request, action: "token.add")
            let asked = try request.decodeJSON(TokenRequest.self)
            let known = Set(runtime.processor.definitions.values.flatMap { $0.roles.map(\.id) } + [OfficerAuthenticator.adminRole, OfficerAuthenticator.viewerRole])
            let unknown = asked.roles.filter { !known.contains($0) }
            guard !asked.officer.isEmpty, !asked.roles.isEmpty, unknown.isEmpty else {
                throw HTTPError(.unprocessableContent, unknown.isEmpty ? "a token needs an officer (NIP or name) and at least one role"
                    : "unknown roles \(unknown.joined(separator: ", ")); the roles are \(known.sorted().joined(separator: ", "))")
            }
            if let problem = asked.identityProblem { throw HTTPError(.unprocessableContent, problem) }
            let token = try OfficerAuthenticator.newToken()
            // The id is random too, not taken from the token or its digest, so a listing tells nothing about either.
            let id = "tok-" + Digest.hex(Digest.randomBytes(5) ?? [])
            let record = try runtime.write { unit in
                let record = TokenStore.Record(id: id, officer: asked.officer, roles: asked.roles, tokenSHA256: Digest.sha256Hex(Array(token.utf8)),
                                               createdAt: unit.now, nama: asked.identity?.nama, nip: asked.identity?.nip)
                try unit.database.tokens.add(record)
                try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "token.add", direction: .incoming, messageID: record.id,
                                          outcome: "accepted", error: "for \(record.officer) (\(record.roles.joined(separator: ", "))) by \(by.officer)"))
                return record
            }
            // The token itself is shown this once; the database keeps only its digest.
            return .json(NewToken(token: token, details: TokenView(record)), status: .created)
        }
        router.post("/api/tokens/{id}/revoke") { [runtime] request in
            let by = try admin(request, action: "token.revoke")
            let id = request.pathParameters["id"] ?? ""
            let revoked = try runtime.write { unit -> Bool? in
                guard try unit.database.tokens.revoke(id, at: unit.now) else {
                    // Revoking a revoked token again changes nothing and is no error, as a repeated pause is not.
                    return try unit.database.tokens.list().contains { $0.id == id } ? false : nil
                }
                try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "token.revoke", direction: .incoming, messageID: id,
                                          outcome: "accepted", error: "by \(by.officer)"))
                return true
            }
            guard let changed = revoked else { throw HTTPError(.notFound, "no token \(id): 'gerbang token list' shows them") }
            return .json(["revoked": .string(id), "changed": .bool(changed)] as JSONValue)
        }

        router.get("/api/systems") { [runtime] request in
            _ = try authenticator.officer(request)
            try request.acceptQuery([])
            return .json(["systems": try runtime.read { try SystemView.all(in: $0) }])
        }
        for (action, pausing) in [("pause", true), ("resume", false)] {
            router.post("/api/systems/{system}/\(action)") { [runtime] request in
                let by = try admin(request, action: "delivery.\(action)")
                let system = request.pathParameters["system"] ?? ""
                guard GatewaySettings.Systems.names.contains(system) else {
                    throw HTTPError(.notFound, "no system \(system): the systems are \(GatewaySettings.Systems.names.joined(separator: ", "))")
                }
                let note = request.body.isEmpty ? nil : try request.decodeJSON(PauseRequest.self).note
                let changed = try runtime.write { unit in
                    let changed = pausing ? try unit.database.pauses.pause(system, note: note, at: unit.now) : try unit.database.pauses.resume(system)
                    if changed {
                        try unit.log(SyncLogEntry(at: unit.now, system: system, method: "delivery.\(action)", direction: .outgoing,
                                                  outcome: pausing ? "paused" : "resumed", error: ([note, "by \(by.officer)"] as [String?]).compactMap { $0 }.joined(separator: "; ")))
                    }
                    return changed
                }
                if !pausing { runtime.wake([.dispatch(system)]) }
                let view = try runtime.read { try SystemView.all(in: $0) }.first { $0.system == system }
                return .json(["changed": .bool(changed), "paused": .bool(view?.paused ?? pausing)] as JSONValue)
            }
        }

        // An operator tells the gateway of a NIB whose push it missed (or never had): pulled now with inqueryNIB.
        router.post("/api/oss/nibs/{nib}/pull") { [runtime] request in
            _ = try admin(request, action: "oss.pull")
            let nib = request.pathParameters["nib"] ?? ""
            guard nib.count == 13, nib.allSatisfy(\.isNumber) else { throw HTTPError(.badRequest, "nib is 13 digits, not '\(nib)'") }
            switch OSSPuller(ledger: runtime, oss: runtime.oss, polling: runtime.configuration.settings.polling).pull(nib: nib) {
            case .recovered(let cases): return .json(["outcome": "recovered", "cases": .array(cases.map(JSONValue.string))] as JSONValue)
            case .unchanged: return .json(["outcome": "unchanged", "cases": []] as JSONValue)
            case .unknown: throw HTTPError(.notFound, "OSS does not know NIB \(nib) (inqueryNIB)")
            case .failed(let why): throw HTTPError(.badGateway, "OSS did not answer inqueryNIB for \(nib): \(why)")
            }
        }

        // gerbang sop migrate: the open cases of one version of an SOP moved to another, by a checked map.
        router.post("/api/sop/{id}/migrate") { [runtime] request in
            let by = try admin(request, action: "sop.migrate")
            let sop = request.pathParameters["id"] ?? ""
            let body: JSONValue
            do { body = try JSONParser.parse(request.body) } catch { throw HTTPError(.badRequest, "the body is not JSON: \(error)") }
            // steps as pairs, {"from": old, "to": new}: what a JSON schema can say whole (object keys that are numbers it cannot).
            guard case .integer(let from)? = body["from"], case .integer(let to)? = body["to"], let pairs = body["steps"]?.array, !pairs.isEmpty else {
                throw HTTPError(.badRequest, "give from and to (version numbers) and steps, each old step with its new one: [{\"from\": 4, \"to\": 5}]")
            }
            var steps: [Int: Int] = [:]
            for pair in pairs {
                guard case .integer(let old)? = pair["from"], case .integer(let new)? = pair["to"], (1...1000).contains(old), (1...1000).contains(new) else {
                    throw HTTPError(.badRequest, "each of steps is {\"from\": old step, \"to\": new step}, both step numbers (1 to 1000)")
                }
                guard steps.updateValue(new, forKey: old) == nil else { throw HTTPError(.conflict, "step \(old) is mapped twice: map it once") }
            }
            let dryRun = try Self.dryRun(body)
            do {
                let result = try runtime.write { unit in
                    try runtime.processor.migrate(SOPMigration(sopID: sop, from: from, to: to, steps: steps), by: by.officer, dryRun: dryRun, in: unit)
                }
                return .json(result)
            } catch let error as ProcessingError {
                throw HTTPError(HTTPStatus(error.status), error.description)
            }
        }

        // gerbang archive: retention on demand, as the daemon runs it every retention.everyHours.
        router.post("/api/archive") { [runtime] request in
            let by = try admin(request, action: "retention.archive")
            let body: JSONValue
            do { body = request.body.isEmpty ? [:] : try JSONParser.parse(request.body) } catch { throw HTTPError(.badRequest, "the body is not JSON: \(error)") }
            guard body.object != nil else { throw HTTPError(.badRequest, "the body is a JSON object: {\"dryRun\": true} or {}") }
            let dryRun = try Self.dryRun(body)
            if !dryRun {
                try runtime.write { unit in
                    try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "retention.archive", direction: .incoming, outcome: "accepted",
                                              error: "asked by \(by.officer)"))
                }
            }
            return .json(try Archiver(settings: runtime.configuration.settings.retention).run(runtime, dryRun: dryRun))
        }

        router.post("/api/outbox/{id}/retry") { request in
            let by = try admin(request, action: "outbox.retry")
            return .json(try replay(request.pathParameters["id"] ?? "", by: by.officer))
        }
        router.post("/api/outbox/retry-dead") { request in
            let by = try admin(request, action: "outbox.retry")
            return .json(try replay(nil, by: by.officer))
        }
    }

    /// A request's `dryRun`: absent is false; anything but true or false is refused rather than read as false.
    static func dryRun(_ body: JSONValue) throws -> Bool {
        switch body["dryRun"] {
        case nil: return false
        case .bool(let flag)?: return flag
        default: throw HTTPError(.badRequest, "dryRun is true or false")
        }
    }

    /// Puts one dead letter (or all) back in the queue, due now, under the same id and idempotency key,
    /// with the messages held behind them.
    func replay(_ id: String?, by officer: String) throws -> ReplayView {
        let (replayed, paused) = try runtime.write { unit -> (OutboxStore.Replayed, [String]) in
            let replayed = try unit.database.outbox.replay(id, at: unit.now)
            for message in replayed.deadLetters {
                try unit.log(SyncLogEntry(at: unit.now, system: message.target, method: message.kind, direction: .outgoing, caseID: message.caseID,
                                          idIzin: message.idIzin, messageID: message.id, outcome: "replayed", error: "by \(officer)"))
            }
            for message in replayed.released {
                try unit.log(SyncLogEntry(at: unit.now, system: message.target, method: message.kind, direction: .outgoing, caseID: message.caseID,
                                          idIzin: message.idIzin, messageID: message.id, outcome: "released",
                                          error: "no longer held behind \(message.heldBehind ?? "?"), replayed by \(officer)"))
            }
            return (replayed, try unit.database.pauses.paused().map(\.target))
        }
        var already: String?
        if let id, replayed.deadLetters.isEmpty {
            // A repeated replay finds its message already back in the queue (or delivered since): said, not refused.
            guard let found = try runtime.read({ try $0.outbox.message(id) }) else {
                throw HTTPError(.notFound, "no message \(id) in the outbox: 'gerbang outbox --dead' lists the dead letters")
            }
            already = found.state.rawValue
        }
        let targets = Set((replayed.deadLetters + replayed.released).map(\.target))
        runtime.wake(Set(targets.map(ServiceName.dispatch)))
        return ReplayView(replayed: replayed.deadLetters.count, released: replayed.released.count,
                          waitingForResume: targets.filter(paused.contains).sorted(), already: already)
    }
}

/// What a replay did: how many dead letters and held messages went back in the queue, and which
/// of their targets are paused (they go when the target is resumed, not now).
struct ReplayView: Codable {
    let replayed: Int
    let released: Int
    let waitingForResume: [String]
    /// The state of the one message asked for when it was no dead letter (a repeated replay): pending, delivered, …
    let already: String?
}

struct TokenRequest: Codable {
    let officer: String
    let roles: [String]
    /// The officer's full name and NIP, for what OSS is told (nip_status, nama_ttd, nip_ttd): both or neither.
    let nama: String?
    let nip: String?

    private enum CodingKeys: String, CodingKey {
        case officer, roles, nama, nip
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        officer = try c.decode(String.self, forKey: .officer)
        roles = try c.decode([String].self, forKey: .roles)
        // Given means text (docs/openapi: a null is not a name); absent means not given.
        nama = c.contains(.nama) ? try c.decode(String.self, forKey: .nama) : nil
        nip = c.contains(.nip) ? try c.decode(String.self, forKey: .nip) : nil
    }

    /// The name and NIP as given; nil when neither is.
    var identity: (nama: String, nip: String)? {
        guard let nama, let nip else { return nil }
        return (nama, nip)
    }

    /// Why the name and NIP cannot go to OSS as given; nil when they can (or neither is given). The limits are the
    /// PIA's (receiveLicense: nama_ttd at most 50 characters, nip_ttd at most 25), counted as docs/openapi counts them.
    var identityProblem: String? {
        guard nama != nil || nip != nil else { return nil }
        guard let nama, let nip else { return "give the officer's nama and nip together (OSS is told both)" }
        if nama.isEmpty || nip.isEmpty { return "nama and nip must not be empty" }
        if nama.unicodeScalars.count > 50 { return "nama is \(nama.unicodeScalars.count) characters; OSS takes at most 50 (nama_ttd)" }
        if nip.unicodeScalars.count > 25 { return "nip is \(nip.unicodeScalars.count) characters; OSS takes at most 25 (nip_ttd)" }
        return nil
    }
}

struct PauseRequest: Codable {
    let note: String?
}

/// A token as listed: never the token or its digest.
struct TokenView: Codable {
    let id: String
    let officer: String
    let roles: [String]
    let createdAt: String
    let revokedAt: String?
    let nama: String?
    let nip: String?

    init(_ record: TokenStore.Record) {
        id = record.id
        officer = record.officer
        roles = record.roles
        createdAt = JakartaTime.iso(record.createdAt)
        revokedAt = record.revokedAt.map(JakartaTime.iso)
        nama = record.nama
        nip = record.nip
    }
}

struct NewToken: Codable {
    let token: String
    let details: TokenView
}

/// A national system as operators watch it: paused or not, and what the outbox holds for it.
struct SystemView: Codable {
    let system: String
    let paused: Bool
    let pausedAt: String?
    let note: String?
    let pending: Int
    /// Messages waiting behind a dead letter of their case.
    let held: Int
    let dead: Int

    static func all(in database: GatewayDatabase) throws -> [SystemView] {
        let pauses = Dictionary(try database.pauses.paused().map { ($0.target, $0) }, uniquingKeysWith: { first, _ in first })
        let counts = try database.outbox.countsByTarget()
        return GatewaySettings.Systems.names.map { name in
            SystemView(system: name, paused: pauses[name] != nil, pausedAt: pauses[name].map { JakartaTime.iso($0.pausedAt) },
                       note: pauses[name]?.note, pending: counts[name]?[.pending] ?? 0, held: counts[name]?[.held] ?? 0,
                       dead: counts[name]?[.dead] ?? 0)
        }
    }
}
