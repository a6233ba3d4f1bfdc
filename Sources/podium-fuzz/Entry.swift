import Foundation
import PodiumKit

/// The plan and templates of a fuzzed month.
enum FuzzPlan {
    static var root: String {
        ProcessInfo.processInfo.environment["PODIUM_ROOT"] ?? FileManager.default.currentDirectoryPath
    }
    static var templates: String { (root as NSString).appendingPathComponent("templates") }
    static let text: String = (try? String(contentsOfFile: (root as NSString).appendingPathComponent("Tests/PodiumKitTests/Fixtures/plan.toml"), encoding: .utf8)) ?? ""
}

/// The target is chosen with PODIUM_FUZZ_TARGET.
let fuzzTarget = ProcessInfo.processInfo.environment["PODIUM_FUZZ_TARGET"] ?? "csv"

#if FUZZING
/// libFuzzer's entry (built by `make fuzz` with -sanitize=fuzzer,address and -D FUZZING).
@_cdecl("LLVMFuzzerTestOneInput")
public func podiumFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.run(fuzzTarget, data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry as `podium_fuzz_main`: it hands over to libFuzzer's driver.
@_cdecl("podium_fuzz_main")
public func podiumFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in podiumFuzzOne(data, size) }
}
#else
/// Without the fuzzer: replays inputs (a crash a fuzzer saved, or a corpus) through a target,
/// `PODIUM_FUZZ_TARGET=month .build/debug/podium-fuzz crash-…`.
@main
struct FuzzReplay {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            print("usage: PODIUM_FUZZ_TARGET=\(FuzzTargets.names.joined(separator: "|")) podium-fuzz FILE…")
            return
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            FuzzTargets.run(fuzzTarget, [UInt8](data))
        }
        print("\(paths.count) input(s) ran through \(fuzzTarget) without a failure")
    }
}
#endif
