import Foundation
import GatewayStore
import GatewayTestSupport
import Testing
@testable import GatewayBenchmarks

@Suite struct IngestFloorTests {
    @Test func theFloorIsMeasuredFromWhatThePushesWroteAndWritesAsMuchAgainIntoTablesOfTheSameDefinition() throws {
        let folder = try TemporaryFolder()
        let database = try GatewayDatabase.open(path: folder.path("pushed.sqlite"))
        // Five "pushes" of two inbox rows each, of known size, and one update each.
        for push in 0..<5 {
            for row in 0..<2 {
                try database.inbox.keep(source: "oss", kind: "receiveNIB", dedupKey: "k-\(push)-\(row)", body: Array(repeating: 0x7b, count: 100),
                                        headers: [], at: Date(timeIntervalSince1970: 0), state: .processed)
            }
        }
        let floor = try IngestFloor.measure(database: database, pushes: 5, changes: 15)
        #expect(floor.rows.map(\.table) == ["inbox"] && floor.rows.first?.count == 2)
        #expect(try #require(floor.rows.first?.bytesPerRow) > 100)  // the body and the other columns
        #expect(floor.updates == 1)
        let rate = try floor.run(path: folder.path("floor.sqlite"), pushes: 50, checkpoints: .init())
        #expect(rate > 0)
        let written = try GatewayDatabase.open(path: folder.path("floor.sqlite"))
        #expect(try written.connection.query("SELECT count(*) FROM floor_inbox") { $0.int(0) } == [100])
        // The copy has the table's keys and indexes: as much index work a row as the gateway's own table.
        let indexes = { (table: String) in try written.connection.query("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
                                                                        [.text(table)]) { $0.int(0) } }
        #expect(try indexes("floor_inbox") == indexes("inbox") && indexes("inbox") != [0])
        #expect(try written.connection.query("SELECT n FROM floor_updates") { $0.int(0) } == [50])
    }
}
