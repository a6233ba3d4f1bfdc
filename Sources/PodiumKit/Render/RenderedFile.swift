/// One output file, rendered in memory before anything touches the output folder.
public struct RenderedFile: Sendable, Equatable {
    /// Path relative to the period folder, e.g. `payouts.csv` or `teams/T0001.html`.
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}
