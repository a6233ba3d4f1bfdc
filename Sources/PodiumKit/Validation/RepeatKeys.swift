/// The key set of a repeat rule (SPEC §2 step 5: `policy_id`, agent and sign of an accepted
/// sales row), whatever holds it: memory, where a repeat is known at once, or a `RepeatKeySpill`,
/// where memory does not grow with the rows and the repeats are known once the whole file is
/// read (`RepeatKeySpill.resolve`; the reader then takes them back out of the sums).
struct RepeatKeys {
    private var memory: ByteKeyMap?
    private var scratch: [UInt8] = []
    /// The spill, when keys go to one.
    let spill: RepeatKeySpill?

    /// Keys kept in memory: `insert` answers at once.
    static func inMemory() -> RepeatKeys { RepeatKeys(memory: ByteKeyMap(capacity: 1 << 16), spill: nil) }

    /// Keys written to a spill sized for about `expectedRows`: `insert` always says new.
    static func spilled(expectedRows: Int) -> RepeatKeys { RepeatKeys(memory: nil, spill: RepeatKeySpill(expectedRows: expectedRows)) }

    /// Records the key of a row at `line` (starting at byte `offset` of the file).
    ///
    /// - Returns: false when an earlier row is already known to have the key.
    @inline(__always)
    mutating func insert(policy: UnsafeBufferPointer<UInt8>, agent: Int, negative: Bool, line: Int, offset: Int) -> Bool {
        if let spill {
            spill.add(policy: policy, agent: agent, negative: negative, line: line, offset: offset)
            return true
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: policy)
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: agent).littleEndian) { scratch.append(contentsOf: $0) }
        scratch.append(negative ? 1 : 0)
        return memory!.insert(scratch, value: 0)
    }
}
