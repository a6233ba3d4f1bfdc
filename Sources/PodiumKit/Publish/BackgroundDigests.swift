import Foundation

/// SHA-256 of files worked out on a thread of their own while the run goes on.
///
/// The manifest needs a digest of every input, which means reading each file a second time; done
/// while the roster is read (a one-core stage), that second reading costs no wall time. The
/// thread is not one of Dispatch's, so the parallel stages keep both of theirs.
final class BackgroundDigests<Key: Hashable & Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the thread before it signals `done`, read only after waiting for it.
    private var digests: [Key: FileDigest] = [:]
    private var waited = false

    /// - Parameter paths: the files to hash, each under the key its digest is returned by.
    init(paths: [Key: String]) {
        let thread = Thread { [self] in
            var found: [Key: FileDigest] = [:]
            for (key, path) in paths {
                if let d = Digest.sha256(file: path) { found[key] = FileDigest(sha256: d.hex, bytes: d.bytes) }
            }
            digests = found
            done.signal()
        }
        thread.name = "podium-digests"
        thread.start()
    }

    /// Waits for the thread and returns what it found (files it could not read are missing).
    func wait() -> [Key: FileDigest] {
        if !waited {
            done.wait()
            waited = true
        }
        return digests
    }
}

/// The SHA-256 (lower-case hex) and size of a file as the run read it.
public struct FileDigest: Sendable, Equatable {
    public var sha256: String
    public var bytes: Int
}
