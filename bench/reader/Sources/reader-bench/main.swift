import CSV
import Foundation
import PodiumKit

// Usage: reader-bench FILE [runs]
// Reads FILE into records (fields as Strings) with each reader and prints MB/s.
let args = CommandLine.arguments
guard args.count >= 2 else {
    print("usage: reader-bench FILE [runs]")
    exit(64)
}
let path = args[1]
let runs = args.count > 2 ? Int(args[2]) ?? 3 : 3
let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0

func measure(_ name: String, _ body: () throws -> Int) rethrows {
    var times: [Double] = []
    var fields = 0
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        fields = try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    let median = times.sorted()[times.count / 2]
    print(String(format: "%-22@ %8.3f s  %7.1f MB/s  (%d fields, median of %d)", name as NSString, median, bytes / median / 1e6, fields, runs))
}

try measure("podium CSVFileReader") {
    var fields = 0
    try CSVFileReader(path: path, encoding: .utf8, delimiter: .character(0x2C)).read { fields += $0.fields.count }
    return fields
}
try measure("yaslab/CSV.swift") {
    var fields = 0
    let csv = try CSVReader(stream: InputStream(fileAtPath: path)!)
    while let row = csv.next() { fields += row.count }
    return fields
}
