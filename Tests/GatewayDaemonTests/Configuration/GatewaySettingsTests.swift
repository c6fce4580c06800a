import Foundation
import GatewayTestSupport
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

    @Test func aRetryScheduleStretchesEachWaitByAtMostItsJitterAndEndsAfterTheLast() {
        let schedule = GatewaySettings.RetrySchedule(delaysSeconds: [10, 60], jitter: 0.2)
        #expect(schedule.attempts == 3)
        #expect(schedule.delay(afterAttempt: 1, unit: 0) == 8)
        #expect(schedule.delay(afterAttempt: 1, unit: 0.5) == 10)
        #expect(schedule.delay(afterAttempt: 2, unit: 0.999_999)! < 72.001)
        #expect(schedule.delay(afterAttempt: 3, unit: 0.5) == nil)
    }
}
