/// Output bytes written through a pointer into memory of their own: a capacity check and a copy
/// per piece, without an array's uniqueness and growth bookkeeping on every append (a national
/// month's CSV files are tens of millions of small pieces; `make bench` measured `Array.append`
/// as a seventh of writing them). Not copyable: one owner, freed when it goes.
struct ByteWriter: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    /// Bytes written so far.
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// Makes room for `n` more bytes (the `unchecked` appends then need no check of their own).
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if capacity - count < n { grow(to: count + n) }
    }

    private mutating func grow(to needed: Int) {
        let larger = max(capacity * 2, needed)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: start, count: count)
        start.deallocate()
        start = moved
        capacity = larger
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        appendUnchecked(byte)
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        appendUnchecked(bytes)
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        appendUnchecked(bytes)
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// A byte, in room made by `reserve`.
    @inline(__always)
    mutating func appendUnchecked(_ byte: UInt8) {
        (start + count).initialize(to: byte)
        count += 1
    }

    /// Bytes, in room made by `reserve`.
    @inline(__always)
    mutating func appendUnchecked(_ bytes: UnsafeBufferPointer<UInt8>) {
        appendUnchecked(UnsafeRawBufferPointer(bytes))
    }

    /// Bytes, in room made by `reserve`. Most pieces are a few bytes (an id, a name, an amount,
    /// a comma): up to 16 are copied as two overlapping words, not through a call to `memmove`.
    @inline(__always)
    mutating func appendUnchecked(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        let n = bytes.count
        let target = UnsafeMutableRawPointer(start + count)
        if n >= 8 && n <= 16 {
            let head = source.loadUnaligned(as: UInt64.self), tail = source.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: tail, toByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 && n < 8 {
            let head = source.loadUnaligned(as: UInt32.self), tail = source.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            target.storeBytes(of: head, as: UInt32.self)
            target.storeBytes(of: tail, toByteOffset: n - 4, as: UInt32.self)
        } else if n < 4 {
            for i in 0..<n { target.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
        } else {
            target.copyMemory(from: source, byteCount: n)
        }
        count += n
    }

    /// Forgets the bytes written, keeping the memory.
    mutating func removeAll() { count = 0 }

    /// The bytes written so far.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: start, count: count))
    }

    /// A copy of the bytes written so far.
    var bytes: [UInt8] { withBytes { Array($0) } }
}
