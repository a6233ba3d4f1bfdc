import XCTest
@testable import PodiumKit
final class SmokeTests: XCTestCase { func testVersion() { XCTAssertFalse(Podium.version.isEmpty) } }
