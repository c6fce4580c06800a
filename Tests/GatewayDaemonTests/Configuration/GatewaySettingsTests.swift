import Foundation
import GatewayCore
import GatewayTestSupport
import NationalSystems
import Testing
@testable import GatewayDaemon

@Suite struct GatewaySettingsTests {
    let shipped = RepositoryFiles.configFolder + "/gerbang.json"

    @Test func theShippedDefaultsPointAtTheMocksOnLoopback() throws {
        let settings = try GatewaySettings.load(file: shipped, environment: [:])
        #expect(settings.listen.host == "127.0.0.1" && settings.listen.port == 8080)
        #expect(settings.systems.oss.url == "http://127.0.0.1:8701" && settings.systems.sipro.url == "http://127.0.0.1:8703")
        #expect(settings.database == "var/gerbang.sqlite")
        #expect(settings.everySystemOnLoopback)
    }

    @Test func everySettingCanBeOverriddenByTheVariableNamedAfterItsPath() throws {
        let settings = try GatewaySettings.load(file: shipped, environment: [
            "GERBANG_LISTEN_PORT": "9090", "GERBANG_SYSTEMS_SIINAS_URL": "https://siinas.example.go.id",
            "GERBANG_SYSTEMS_OSS_RETRY_DELAYS_SECONDS": "[1, 2]", "GERBANG_SERVICE_LEVELS_ESCALATE_TO_TIM_TEKNIS": "kadis",
            "GERBANG_SYNC_LOG_STDOUT": "false",
        ])
        #expect(settings.listen.port == 9090)
        #expect(settings.systems.siinas.url == "https://siinas.example.go.id")
        #expect(settings.systems.oss.retry.delaysSeconds == [1, 2])
        #expect(settings.serviceLevels.escalateTo["tim-teknis"] == "kadis")
        #expect(settings.syncLog.stdout == false)
        #expect(!settings.everySystemOnLoopback)
    }

    @Test func aBadOverrideNamesTheVariable() {
        #expect {
            try GatewaySettings.load(file: shipped, environment: ["GERBANG_LISTEN_PORT": "eighty"])
        } throws: { error in
            (error as? SettingsError)?.description.contains("GERBANG_LISTEN_PORT") == true
        }
    }

    @Test func aFileFromBeforeTheSecuritySettingsGetsTheirSafeDefaultsAndOverridesStillApply() throws {
        let folder = try TemporaryFolder()
        var old = try JSONValue.decode(Data(contentsOf: URL(fileURLWithPath: shipped))).object ?? [:]
        old["statusPage"] = nil
        old["security"] = nil
        var systems = old["systems"]?.object ?? [:]
        for (name, target) in systems { systems[name] = .object((target.object ?? [:]).filter { $0.key != "caFile" }) }
        old["systems"] = .object(systems)
        try JSONValue.object(old).encoded().write(to: URL(fileURLWithPath: folder.path("gerbang.json")))
        let settings = try GatewaySettings.load(file: folder.path("gerbang.json"), environment: ["GERBANG_SECURITY_OSS_TOKEN_SKEW_MINUTES": "5"])
        #expect(settings.statusPage == .init(openOnLoopback: true, sessionMinutes: 480))
        #expect(settings.security.trustedProxies.isEmpty && settings.security.ossTokenSkewMinutes == 5)
        #expect(settings.security.failedAuthentication == .init(limitPerMinute: 20, blockSeconds: 300, exemptNetworks: []))
        #expect(settings.security.maxConnectionsPerClient == 128)
        #expect(settings.systems.oss.caFile.isEmpty)
    }

    @Test func securitySettingsOutOfRangeOrNotNumericAreNamed() {
        for (variable, value, field) in [("GERBANG_SECURITY_TRUSTED_PROXIES", #"["proxy.local"]"#, "security.trustedProxies"),
                                         ("GERBANG_SECURITY_FAILED_AUTHENTICATION_LIMIT_PER_MINUTE", "0", "security.failedAuthentication.limitPerMinute"),
                                         ("GERBANG_SECURITY_FAILED_AUTHENTICATION_EXEMPT_NETWORKS", #"["10.0.0.0/33"]"#,
                                          "security.failedAuthentication.exemptNetworks"),
                                         ("GERBANG_SECURITY_MAX_CONNECTIONS_PER_CLIENT", "0", "security.maxConnectionsPerClient"),
                                         ("GERBANG_STATUS_PAGE_SESSION_MINUTES", "-1", "statusPage.sessionMinutes"),
                                         ("GERBANG_SYSTEMS_OSS_CA_FILE", "/nonexistent/ca.pem", "systems.oss.caFile"),
                                         ("GERBANG_LISTEN_PUBLIC_URL", "gerbang.example.go.id", "listen.publicURL")] {
            #expect("\(variable)") { try GatewaySettings.load(file: shipped, environment: [variable: value]) } throws: { error in
                (error as? SettingsError)?.field == field
            }
        }
    }

    @Test func theAgencysLevelOfGovernmentIsOneOfTheGuidesCodes() throws {
        let city = try GatewaySettings.load(file: shipped, environment: ["GERBANG_AGENCY_KEWENANGAN": #"["02"]"#])
        #expect(city.agency.kewenangan == ["02"])
        #expect { try GatewaySettings.load(file: shipped, environment: ["GERBANG_AGENCY_KEWENANGAN": #"["2"]"#]) } throws: { error in
            let refused = error as? SettingsError
            return refused?.field == "agency.kewenangan" && refused?.description.contains("02 (kabupaten/kota)") == true
        }
    }

    @Test func aPermitKindsStatutoryPeriodIsItsNormsWithTheSourceOrTheDefaultsSaidToBeSo() throws {
        let shippedLevels = try GatewaySettings.load(file: shipped, environment: [:]).serviceLevels
        // The shipped kinds' norms are not transcribed: the defaults apply, and the clock says why.
        let unknown = shippedLevels.statutoryPeriod(kdIzin: "030000000001")
        #expect(unknown.technicalEvaluationDays == 5 && unknown.fieldCheckDays == 15)
        #expect(unknown.basis.hasPrefix("the agency's defaults: kd_izin 030000000001's norm is not known: unknown:"))
        #expect(shippedLevels.statutoryPeriod(kdIzin: "999").basis.hasPrefix("the agency's defaults (serviceLevels"))
        // An agency that has its norm gives it, with the source; a period it leaves out stays the default.
        let folder = try TemporaryFolder()
        func withNorm(_ norm: JSONValue) throws -> String {
            try shipped(in: folder, serviceLevel: "statutoryByKdIzin", ["030000000001": norm])
        }
        let given = try GatewaySettings.load(file: withNorm(["technicalEvaluationDays": 10, "source": "Permenperin X Lampiran I"]), environment: [:])
            .serviceLevels.statutoryPeriod(kdIzin: "030000000001")
        #expect(given.technicalEvaluationDays == 10 && given.fieldCheckDays == 15)
        #expect(given.basis == "kd_izin 030000000001's norm: Permenperin X Lampiran I")
        #expect { try GatewaySettings.load(file: withNorm(["fieldCheckDays": 0]), environment: [:]) } throws: { error in
            (error as? SettingsError)?.field == "serviceLevels.statutoryByKdIzin.030000000001.fieldCheckDays"
        }
        // A kind's key that reads as a number is named as written, leading zero and all.
        #expect { try GatewaySettings.load(file: withNorm(["fieldCheckDays": "lima belas"]), environment: [:]) } throws: { error in
            (error as? SettingsError)?.field == "serviceLevels.statutoryByKdIzin.030000000001.fieldCheckDays"
        }
    }

    /// The shipped configuration folder copied into `folder` (once), its gerbang.json setting one of serviceLevels to
    /// `value`; the file's path.
    func shipped(in folder: TemporaryFolder, serviceLevel name: String, _ value: JSONValue) throws -> String {
        if !FileManager.default.fileExists(atPath: folder.path("config")) {
            try FileManager.default.copyItem(atPath: RepositoryFiles.configFolder, toPath: folder.path("config"))
        }
        var file = try JSONValue.decode(Data(contentsOf: URL(fileURLWithPath: shipped))).object ?? [:]
        var levels = file["serviceLevels"]?.object ?? [:]
        levels[name] = value
        file["serviceLevels"] = .object(levels)
        try JSONValue.object(file).encoded().write(to: URL(fileURLWithPath: folder.path("config/gerbang.json")))
        return folder.path("config/gerbang.json")
    }

    @Test func anApplicantTimeoutForAnSOPTheGatewayDoesNotHaveIsNamed() throws {
        let folder = try TemporaryFolder()
        let file = try shipped(in: folder, serviceLevel: "applicantTimeoutWorkingDays", ["izin-insidentl": 10])
        #expect { try GatewayConfiguration.load(file: file, environment: [:]) } throws: { error in
            let refused = error as? SettingsError
            return refused?.field == "serviceLevels.applicantTimeoutWorkingDays.izin-insidentl" && refused?.description.contains("izin-insidentil") == true
        }
    }

    @Test func aRegisterTemplateWithoutItsSequenceIsRefusedAtLoad() {
        #expect { try GatewaySettings.load(file: shipped, environment: ["GERBANG_AGENCY_LETTER_NUMBER": "SURAT/{yyyy}"]) } throws: { error in
            (error as? SettingsError)?.field == "agency.letterNumber"
        }
    }

    @Test(arguments: [("GERBANG_AGENCY_NIP_PETUGAS", " ", "agency.nipPetugas"), ("GERBANG_AGENCY_NAMA_PETUGAS", "", "agency.namaPetugas"),
                      ("GERBANG_AGENCY_NIP_PETUGAS", String(repeating: "1", count: 26), "agency.nipPetugas")])
    func theOfficerNamedForOSSMustSaySomethingWithinOSSsLengths(variable: String, value: String, field: String) {
        #expect { try GatewaySettings.load(file: shipped, environment: [variable: value]) } throws: { error in
            (error as? SettingsError)?.field == field
        }
    }

    @Test func listeningAndSystemsOffLoopbackAreTold() throws {
        var settings = try GatewaySettings.load(file: shipped, environment: [:])
        #expect(settings.listensOnLoopback && settings.developmentSecretsRefusal == nil && settings.systemsOverPlainHTTP.isEmpty)
        settings.listen.host = "::"
        settings.systems.siinas.url = "http://siinas.example.go.id"
        settings.systems.oss.url = "https://api-prd.oss.go.id"
        #expect(!settings.listensOnLoopback)
        #expect(settings.systemsOverPlainHTTP == ["siinas"])
        #expect(settings.developmentSecretsRefusal == "the gateway listens on ::, which is not loopback; systems.oss.url, systems.siinas.url are not on loopback")
    }

    @Test func aGatewayOnLoopbackBehindAProxyIsExposed() throws {
        var settings = try GatewaySettings.load(file: shipped, environment: [:])
        #expect(!settings.isExposed)
        settings.security.trustedProxies = ["127.0.0.1"]
        #expect(settings.listensOnLoopback && settings.isExposed)
        #expect(settings.developmentSecretsRefusal?.contains("security.trustedProxies lists a reverse proxy") == true)
    }

    @Test func theBodyLimitFollowsTheLargestDocumentBase64EncodedWithItsEnvelope() {
        let documents = GatewaySettings.Documents(maxBytes: 5 * 1024 * 1024, contentTypes: ["application/pdf"], linkDays: 90)
        let limit = Gateway.maxBodyBytes(documents: documents)
        let encoded = Data(repeating: 0xFF, count: documents.maxBytes).base64EncodedString().utf8.count
        #expect(limit > encoded && limit < encoded + 128 * 1024)
        #expect(Gateway.maxBodyBytes(documents: .init(maxBytes: 1000, contentTypes: [], linkDays: 90)) == 1024 * 1024)
    }

    @Test func aRetryScheduleStretchesEachWaitByAtMostItsJitterAndEndsAfterTheLast() {
        let schedule = GatewaySettings.RetrySchedule(delaysSeconds: [10, 60], jitter: 0.2)
        #expect(schedule.attempts == 3)
        #expect(schedule.delay(afterAttempt: 1, unit: 0) == 8)
        #expect(schedule.delay(afterAttempt: 1, unit: 0.5) == 10)
        #expect(schedule.delay(afterAttempt: 2, unit: 0.999_999)! < 72.001)
        #expect(schedule.delay(afterAttempt: 3, unit: 0.5) == nil)
    }
}
