import Foundation
import GatewayTestSupport
@testable import GatewayStore

/// A fresh, migrated gateway database in a temporary folder.
struct GatewayDatabaseFixture {
    let folder: TemporaryFolder
    let database: GatewayDatabase

    init() throws {
        folder = try TemporaryFolder()
        database = try GatewayDatabase.open(path: folder.path())
    }
}
