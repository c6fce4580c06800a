import Foundation
import GatewayCore
import NationalSystems

/// A scenario from `fixtures/scenarios/NAME.json`: what each mock knows
/// (NIBs, verification requests, registrations) and the notifications it can
/// send, so a run against the mocks can be repeated.
public struct Scenario: Sendable, Codable {
    public let name: String
    /// The SOP the scenario exercises.
    public let sop: String?
    public let description: String?
    public let oss: JSONValue?
    public let siinas: JSONValue?
    public let sipro: JSONValue?
    public let events: [ScenarioEvent]

    public init(name: String, sop: String? = nil, description: String? = nil, oss: JSONValue? = nil, siinas: JSONValue? = nil,
                sipro: JSONValue? = nil, events: [ScenarioEvent] = []) {
        self.name = name
        self.sop = sop
        self.description = description
        self.oss = oss
        self.siinas = siinas
        self.sipro = sipro
        self.events = events
    }

    /// The section of one system.
    public func section(_ system: String) -> JSONValue? {
        switch system {
        case "oss": oss
        case "siinas": siinas
        case "sipro": sipro
        default: nil
        }
    }

    /// The items of a list in one system's section (`siinas.requests`), decoded; an error names the list.
    func items<T: Decodable>(_ system: String, _ list: String, as type: T.Type) throws(MockError) -> [T] {
        var decoded: [T] = []
        for item in section(system)?.field(list)?.array ?? [] {
            do {
                decoded.append(try item.decode(T.self))
            } catch {
                throw .invalid("scenario \(name): an item of \(system).\(list) does not fit: \(error)")
            }
        }
        return decoded
    }
}

/// A notification a mock can send: `type` names it in the system's own terms
/// (receiveNIB, verifikasi_teknis.diajukan, pendaftaran.baru), `target` is
/// what it is about (a NIB, a request id, a registration number).
public struct ScenarioEvent: Sendable, Codable, Equatable {
    public let id: String?
    public let system: String?
    public let type: String
    public let target: String?
    /// Extra fields for the event (an id_izin, a payload sent as is).
    public let data: JSONValue?
    /// Sent when the scenario is loaded with `"emit": true`; the others wait for `POST /__admin/events`.
    public let onLoad: Bool?

    public init(id: String? = nil, system: String? = nil, type: String, target: String? = nil, data: JSONValue? = nil, onLoad: Bool? = nil) {
        self.id = id
        self.system = system
        self.type = type
        self.target = target
        self.data = data
        self.onLoad = onLoad
    }
}

/// The `fixtures/scenarios` folder.
public struct ScenarioLibrary: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    public var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    public func load(_ name: String) throws(MockError) -> Scenario {
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
              let data = FileManager.default.contents(atPath: "\(folder)/\(name).json") else {
            throw .notFound("no scenario '\(name)' in \(folder): known ones are \(names.joined(separator: ", "))")
        }
        do {
            return try JSONDecoder().decode(Scenario.self, from: data)
        } catch {
            throw .invalid("\(folder)/\(name).json is not a scenario: \(error)")
        }
    }
}
