/// A notice the status page shows after an action of its own (the replay
/// button), carried in the address as numbers and system names only. The page
/// composes the words itself, so a link someone else wrote can never make it
/// show their text as the gateway's.
struct StatusNotice: Equatable {
    let replayed: Int
    let released: Int
    let waitingFor: [String]

    static func replayed(_ replayed: Int, released: Int, waitingFor: [String]) -> StatusNotice {
        StatusNotice(replayed: replayed, released: released, waitingFor: waitingFor)
    }

    init(replayed: Int, released: Int, waitingFor: [String]) {
        self.replayed = replayed
        self.released = released
        self.waitingFor = waitingFor.filter(GatewaySettings.Systems.names.contains)
    }

    /// The notice an address asks for, or nil: anything but a replay's numbers and known system names is ignored.
    init?(query: [String: String]) {
        guard query["hasil"] == "kirim-ulang", let replayed = query["dikirim"].flatMap(Int.init), replayed >= 0 else { return nil }
        let released = query["menyusul"].flatMap(Int.init) ?? 0
        let waiting = (query["tunggu"] ?? "").split(separator: ",").map(String.init)
        self.init(replayed: replayed, released: max(0, released), waitingFor: waiting)
    }

    var query: String {
        "hasil=kirim-ulang&dikirim=\(replayed)&menyusul=\(released)" + (waitingFor.isEmpty ? "" : "&tunggu=" + waitingFor.joined(separator: ","))
    }

    var text: String {
        "\(replayed) pesan dikirim ulang"
            + (released > 0 ? ", \(released) pesan yang tertahan di belakangnya menyusul" : "")
            + (waitingFor.isEmpty ? "" : "; dikirim setelah \(waitingFor.joined(separator: ", ")) dilanjutkan (resume)")
    }
}
