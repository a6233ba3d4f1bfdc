import Foundation
import XCTest
@testable import PodiumKit

/// The map that spreads per-agent work over the cores: every result in its place, and a
/// value of each worker's own that no other worker touches.
final class ParallelMapTests: XCTestCase {
    /// Each item's result lands at its index, whatever the batch size.
    func testEveryResultInItsPlace() {
        for (count, batch) in [(0, 1), (1, 1), (7, 3), (1_000, 1), (1_000, 64), (10_007, 512)] {
            let squares = ParallelMap.run(count, batch: batch) { $0 * $0 }
            XCTAssertEqual(squares, (0..<count).map { $0 * $0 }, "\(count) items, batches of \(batch)")
        }
    }

    /// A worker's own value is made on that worker and handed to every item it computes: each
    /// value counts its own items, so the counts add up to the items and no value is shared.
    func testEachWorkerHasAValueOfItsOwn() {
        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var made: [ObjectIdentifier] = []
        }
        final class Own {
            var items = 0
        }
        let tally = Tally()
        let owners = ParallelMap.run(5_000, batch: 16, state: { () -> Own in
            let own = Own()
            tally.lock.lock()
            tally.made.append(ObjectIdentifier(own))
            tally.lock.unlock()
            return own
        }) { own, i -> (owner: ObjectIdentifier, seen: Int) in
            own.items += 1
            return (ObjectIdentifier(own), own.items)
        }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        XCTAssertGreaterThanOrEqual(tally.made.count, 1)
        XCTAssertLessThanOrEqual(tally.made.count, workers)
        XCTAssertEqual(Set(owners.map(\.owner)).isSubset(of: Set(tally.made)), true)
        // each worker's items, counted by its own value: 1, 2, 3, … with no gap or repeat
        for owner in Set(owners.map(\.owner)) {
            let seen = owners.filter { $0.owner == owner }.map(\.seen).sorted()
            XCTAssertEqual(seen, Array(1...seen.count))
        }
        XCTAssertEqual(owners.count, 5_000)
    }
}
