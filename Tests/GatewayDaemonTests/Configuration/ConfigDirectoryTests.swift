import Foundation
import GatewayCore
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

@Suite struct ConfigDirectoryTests {
    let shipped = ConfigDirectory(path: RepositoryFiles.configFolder)

    /// A config folder with the shipped calendar and the given SOP files.
    func folder(with definitions: [String: String]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        let sop = folder.url.appendingPathComponent("sop")
        try FileManager.default.createDirectory(at: sop, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: RepositoryFiles.root.appendingPathComponent("config/calendar"),
                                         to: folder.url.appendingPathComponent("calendar"))
        for (name, text) in definitions {
            try Data(text.utf8).write(to: sop.appendingPathComponent(name))
        }
        return folder
    }

    @Test func theShippedDefinitionsLoadInSeedOrder() throws {
        let definitions = try shipped.loadDefinitions()
        #expect(definitions.map(\.source) == [
            "000_fd7c7f0a8fb432c2.txt", "001_fe346d91a6a8a717.txt", "002_c26201397c62f7b2.txt",
            "003_e8a2893e05b1aba2.txt", "004_fb3c14ced10e5ec0.txt",
        ])
    }

    @Test func theShippedCalendarLoads() throws {
        let calendar = try shipped.loadCalendar()
        #expect(calendar.timeZone.identifier == "Asia/Jakarta")
        #expect(!calendar.isWorkingDay(LocalDate(iso: "2026-12-25")!))
    }

    @Test func everyBrokenFileIsReportedNotJustTheFirst() throws {
        let roles = #""roles":[{"id":"kabid","title":"Kabid","kind":"officer"}]"#
        let folder = try folder(with: [
            "a.json": #"{"id":"a","title":"A","source":"a.txt",\#(roles),"steps":[{"number":1,"activity":"x","role":"kadis"}]}"#,
            "b.json": #"{"id":"b","title":"B","source":"b.txt",\#(roles),"steps":[{"number":1,"activity":"x","role":"kabid","decision":{"question":"q","yes":{"end":"approved"},"no":{"step":4}}}]}"#,
        ])
        let config = ConfigDirectory(path: folder.url.path)
        #expect(throws: ConfigurationError.self) { try config.loadDefinitions() }
        do {
            _ = try config.loadDefinitions()
        } catch {
            let lines = error.description.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines[0].hasSuffix("sop/a.json: step 1: field 'role' names role 'kadis', which is not declared in 'roles'"))
            #expect(lines[1].hasSuffix("sop/b.json: step 1: decision 'no' points to step 4, which does not exist"))
        }
    }

    @Test func anExplicitFolderThatIsNotAConfigFolderIsRefused() {
        #expect(throws: ConfigurationError.self) { try ConfigDirectory.locate(explicit: "/nonexistent") }
    }

    @Test func theEnvironmentCanNameTheFolder() throws {
        let found = try ConfigDirectory.locate(explicit: nil, environment: ["GERBANG_CONFIG_DIR": RepositoryFiles.configFolder], currentDirectory: "/")
        #expect(found.path == RepositoryFiles.configFolder)
    }

    @Test func theFolderIsFoundAboveTheExecutableFromAnyWorkingDirectory() throws {
        let executable = RepositoryFiles.root.appendingPathComponent(".build/debug/gerbang").path
        let found = try ConfigDirectory.locate(explicit: nil, environment: [:], currentDirectory: "/", executable: executable)
        #expect(URL(fileURLWithPath: found.path).standardizedFileURL == URL(fileURLWithPath: RepositoryFiles.configFolder).standardizedFileURL)
    }
}
