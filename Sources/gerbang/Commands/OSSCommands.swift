import Foundation
import GatewayCore
import GatewayDaemon
import NationalSystems

/// `gerbang oss fetch NIB`: the running gateway asks OSS for one NIB now (inqueryNIB), as if OSS had pushed it.
enum OSSFetchCommand: Command {
    static let name = "oss fetch"
    static let summary = "pull one NIB from OSS now (inqueryNIB), as if pushed: for a push the gateway missed"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = DaemonClient.options
    static let help = """
        usage: gerbang oss fetch NIB [--json] [--token T] [--gateway URL]

        Since PIA 4.3.16 OSS offers no way to see the pushes an agency missed (checkNIBError and
        rekonNIB are gone): the gateway pulls the NIBs of its open cases every
        polling.ossPullMilliseconds, and this pulls one more now, by its number: one an
        applicant or OSS says was sent but never arrived. What OSS answers goes through the
        same inbox as a push: it opens the cases a push would, and the same NIB pushed later is
        recognised as a repeat. Needs an admin token.
        \(DaemonClient.help)

        example: gerbang oss fetch 8120000110001
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let nib = try arguments.positionals("NIB", command: name)[0]
        let client = try DaemonClient(arguments, command: name)
        let answer = try client.call(.post, "/api/oss/nibs/\(nib.percentEncodedSegment)/pull")
        if arguments.has("--json") {
            try console.json(answer)
            return 0
        }
        let cases = (answer.field("cases")?.array ?? []).compactMap(\.text)
        switch answer.field("outcome")?.text {
        case "recovered": console.out("\(nib): recovered" + (cases.isEmpty ? ", no case of this agency" : "; cases " + cases.joined(separator: ", ")))
        default: console.out("\(nib): unchanged (the gateway already had what OSS holds)")
        }
        return 0
    }
}

/// `gerbang oss referensi [KODE]`: saves an OSS reference list (getDataReferensi) for doctor to check routing against.
enum OSSReferensiCommand: Command {
    static let name = "oss referensi"
    static let summary = "save OSS's reference list (getDataReferensi; 8: the permit codes) into config/referensi"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--config"]
    static let help = """
        usage: gerbang oss referensi [KODE] [--json] [--config FILE]

        Asks OSS for a reference list (PIA getDataReferensi; Lampiran 29's KODE, 8 by default:
        the permit codes, which Lampiran 8 says to fetch rather than copy) with the agency's
        user_key, and saves it as config/referensi/kode-KODE.json. 'gerbang doctor' then warns
        when config/routing.json routes a kd_izin that OSS does not list.
          --config FILE  gerbang.json, or the folder holding it

        example: gerbang oss referensi 8
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let kode = arguments.positionals.count == 1 ? arguments.positionals[0] : try arguments.positionals(command: name).first ?? "8"
        guard !kode.isEmpty, kode.allSatisfy(\.isNumber) else { throw UsageError(command: name, message: "KODE is a number of Lampiran 29, not '\(kode)'") }
        let file = try ServeCommand.configFile(arguments)
        let settings = try GatewaySettings.load(file: file)
        let secrets = try Secrets.resolve(settings: settings, roles: [])
        let list = try OSSReferenceFile.fetch(kode: kode, settings: settings, secrets: secrets, at: Date())
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        try list.write(configFolder: folder)
        if arguments.has("--json") {
            try console.json(JSONValue.object(["kode": .string(kode), "rows": .integer(list.rows.count), "source": .string(list.source),
                                               "file": .string(OSSReferenceFile.path(kode: kode, configFolder: folder))]))
            return 0
        }
        console.out("\(list.rows.count) rows of kode \(kode) from \(list.source) saved in \(OSSReferenceFile.path(kode: kode, configFolder: folder))")
        return 0
    }
}
