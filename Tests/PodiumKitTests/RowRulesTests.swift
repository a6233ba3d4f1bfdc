import Foundation
import XCTest
@testable import PodiumKit

/// The rules of each file, worked on hostile rows, and sales.csv read on several cores (cut
/// anywhere, repeats found across the cuts by the spill) exactly as on one core in file order
/// (repeats found in memory): the layer that splits and merges must not change a verdict.
final class RowRulesTests: XCTestCase {
    /// How the files are read: every record through the CSV scanner's pipeline on one core (the
    /// reference), plain lines typed in place by one worker per file, or sales.csv by the
    /// parallel reader with n workers cutting even a tiny file.
    enum Mode: CustomStringConvertible {
        case oneCore
        case linesInPlace
        case workers(Int)
        var description: String {
            switch self {
            case .oneCore: return "one core"
            case .linesInPlace: return "lines in place"
            case .workers(let n): return "\(n) workers"
            }
        }
    }

    static let parallelModes: [Mode] = [.linesInPlace, .workers(1), .workers(2), .workers(3), .workers(7)]

    func outcome(_ month: MonthFixture, _ mode: Mode, encoding: TextEncoding? = nil) throws -> LoadOutcome {
        let (plan, _) = PlanLoader.load(path: month.directory + "/plan.toml", fileName: "plan.toml")
        var loader = MonthLoader(inputDirectory: month.directory, plan: try XCTUnwrap(plan), period: Period("2026-10")!,
                                 encodingOverride: encoding)
        switch mode {
        case .oneCore:
            loader.readSalesOnEveryCore = false
            loader.plainLinesInPlace = false
        case .linesInPlace: loader.readSalesOnEveryCore = false
        case .workers(let n):
            loader.salesWorkers = n
            loader.minimumSplitBytes = 0
        }
        return loader.load()
    }

    func load(_ month: MonthFixture, _ mode: Mode) throws -> ValidatedMonth {
        guard case .loaded(let m) = try outcome(month, mode) else { XCTFail("stopped"); throw CancellationError() }
        return m
    }

    /// Every parallel mode gives what one core gives.
    func assertAllModesAgree(_ month: MonthFixture, file: StaticString = #filePath, line: UInt = #line) throws {
        let one = try load(month, .oneCore)
        for mode in Self.parallelModes {
            let m = try load(month, mode)
            XCTAssertEqual(m.sales, one.sales, "\(mode)", file: file, line: line)
            XCTAssertEqual(m.agents, one.agents, "\(mode)", file: file, line: line)
            XCTAssertEqual(m.targets, one.targets, "\(mode)", file: file, line: line)
            XCTAssertEqual(m.kpi, one.kpi, "\(mode)", file: file, line: line)
            XCTAssertEqual(m.counts, one.counts, "\(mode)", file: file, line: line)
            XCTAssertEqual(m.diagnostics.sortedForReport(), one.diagnostics.sortedForReport(), "\(mode)", file: file, line: line)
        }
    }

    func testSalesRulesOnHostileRowsWhateverTheCut() throws {
        let sales = MonthFixture.salesHeader + "\n" + [
            "P1,A1,2026-10-01,壽險,100.00,10.00",            // clean
            " P2 ,\u{3000}A1\u{3000},2026/10/2, 壽險 ,\"1,000\",¥5",   // clean after trimming, other spellings
            "P1,A1,2026-10-03,壽險,100.00,10.00",            // repeat of P1
            "P1,A1,2026-10-03,壽險,-100.00,-10.00",          // cancellation: a different key
            "P3,A1,2026-10-04,壽險,100.00,-1.00",            // sign-mismatch
            "P4,A1,2026-10-04,壽險,100.00,101.00",           // fyc-exceeds-premium
            "P5,ZZ,2026-10-04,壽險,100.00,1.00",             // unknown-agent
            "P6,A1,2026-11-01,壽險,100.00,1.00",             // out-of-period
            "P7,A1,2026-10-04,\"壽\n險\",100.00,1.00",       // line-break warning, accepted
            "P8,A1,2026-10-04,壽\u{85}險,100.00,1.00",        // C1 control: bad-text
            "P9,A 1,2026-10-04,壽險,100.00,1.00",            // bad-id
            "P10,A2,2026-10-05,壽險,(50.00),(5.00)",         // negative in parentheses
            "P10,A2,2026-10-06,壽險,-50.00,-5.00",           // repeat of the cancellation
            "P11,A2,2026-10-31,壽險,0,0",                    // zero
            ",A2,2026-10-31,壽險,1,0",                       // missing policy
        ].joined(separator: "\n") + "\n"
        let month = MonthFixture(files: ["agents.csv": simpleAgents, "sales.csv": sales])
        try assertAllModesAgree(month)
        let read = try load(month, .workers(2))
        XCTAssertEqual(read.diagnostics.filter { $0.file == .sales }.sortedForReport().located, [
            "duplicate-key@4:1", "sign-mismatch@6:6", "fyc-exceeds-premium@7:6", "unknown-agent@8:2",
            "out-of-period@9:3", "line-break@10:4", "bad-text@12:4", "bad-id@13:2", "duplicate-key@15:1", "missing-value@17:1",
        ])
        // A1: 100 + 1,000 − 100 + 100 (P7) = 1,100.00; A2: −50 + 0 (the row without a policy is rejected).
        XCTAssertEqual(read.sales[1].premium, 110_000)
        XCTAssertEqual(read.sales[2].premium, -5_000)
    }

    /// The rules' shortcuts for printable ASCII (ids, trimming) at their edges.
    func testIdLengthsAndWhiteSpaceAtTheEndsOfFields() throws {
        let p64 = String(repeating: "P", count: 64), p65 = String(repeating: "Q", count: 65)
        let sales = MonthFixture.salesHeader + "\n" + [
            "\(p64),A1,2026-10-01,壽險,100.00,10.00",             // 64 code points: an id
            "\(p65),A1,2026-10-01,壽險,100.00,10.00",             // 65: bad-id
            "P1\u{A0},A1\u{2028},2026-10-02,險\u{3000},1.00,0",   // white space after the id and text: trimmed
            "P2,A1,2026-10-02,險 x\u{85},1.00,0",                // NEL at the end: trimmed (white space)
            "P3,A1,2026-10-02,\u{2000}險,1.00,0",                // en quad in front: trimmed
            "P4,A\u{85}1,2026-10-02,險,1.00,0",                  // NEL inside an id: bad-id
            "P5,A1,2026-10-02,€險\u{1680},1.00,0",               // ends with ogham space mark: trimmed
            "P6\t,A1,2026-10-02,險,1.00,0",                      // tab at the end of the id: trimmed
        ].joined(separator: "\n") + "\n"
        let month = MonthFixture(files: ["agents.csv": simpleAgents, "sales.csv": sales])
        try assertAllModesAgree(month)
        let read = try load(month, .workers(2))
        XCTAssertEqual(read.diagnostics.filter { $0.file == .sales }.sortedForReport().located, ["bad-id@3:1", "bad-id@7:2"])
        XCTAssertEqual(read.sales[1].premium, 10_000 + 500)
    }

    /// agents.csv: clean rows in every spelling typed, and each rule's diagnostic where it belongs.
    func testRosterRulesOnHostileRows() throws {
        let agents = MonthFixture.agentsHeader + "\n" + [
            "M1,經理,manager,,T1,R1,mature,2020-01-01,active,",                       // 2 clean
            " A1 ,王小明,Agent,M1,T1,R1,Mature,2020/1/1,Active,",                     // 3 trimmed id, capitals, other date spelling
            "A2,李小華,業務員,M1,T1,R1,成熟,2020-01-01,在職,",                          // 4 aliases
            "A3,\"陳, 大文\",agent,M1,T1,R1,new,2026-10-15,terminated,2026-10-20",     // 5 quoted comma, terminated
            "A4,林\u{85}x,agent,M1,T1,R1,mature,2020-01-01,active,",                  // 6 C1 control: bad-text
            "A5,\"林\nx\",agent,M1,T1,R1,mature,2020-01-01,active,",                   // 7–8 line-break warning, kept
            "A6,x,boss,M1,T1,R1,mature,2020-01-01,active,",                           // 9 bad-enum
            "A7,x,agent,M1,T1,R1,mature,2020-13-01,active,",                          // 10 bad-date
            "A1,dup,agent,M1,T1,R1,mature,2020-01-01,active,",                        // 11 duplicate-key
            "A8,x,agent,ZZ,T1,R1,mature,2020-01-01,active,",                          // 12 unknown-manager, kept
            "A9,x,agent,A9,T1,R1,mature,2020-01-01,active,",                          // 13 self-manager, kept
            "A10,x,agent,M1,T1,R1,mature,2020-01-01,terminated,",                     // 14 terminated without a date
            "A11,x,agent,M1,\u{3000}T2\u{3000},R1,mature,2020-01-01,active, ",          // 15 trimmed team, blank date
            "A12,x,agent,M 1,T1,R1,mature,2020-01-01,active,",                        // 16 bad-id (manager)
            "A13,,agent,M1,T1,R1,mature,2020-01-01,active,",                          // 17 missing name
        ].joined(separator: "\n") + "\n"
        let month = MonthFixture(files: ["agents.csv": agents, "sales.csv": MonthFixture.salesHeader + "\n"])
        try assertAllModesAgree(month)
        let read = try load(month, .linesInPlace)
        XCTAssertEqual(read.counts[.agents]?.read, 15)
        XCTAssertEqual(read.counts[.agents]?.accepted, 8)
        XCTAssertEqual(read.agents.map(\.id), ["M1", "A1", "A2", "A3", "A5", "A8", "A9", "A11"])
        XCTAssertEqual(read.agents[1].role, "agent")
        XCTAssertEqual(read.agents[2].market, .mature)
        XCTAssertEqual(read.agents[3].name, "陳, 大文")
        XCTAssertEqual(read.agents[3].terminationDate, CivilDate(year: 2026, month: 10, day: 20))
        XCTAssertEqual(read.agents[7].team, "T2")
        XCTAssertNil(read.agents[7].terminationDate)
        XCTAssertNil(read.agents[5].managerID)
        XCTAssertEqual(read.diagnostics.filter { $0.file == .agents }.sortedForReport().located, [
            "bad-text@6:2", "line-break@7:2", "bad-enum@9:3", "bad-date@10:8", "duplicate-key@11:1",
            "unknown-manager@12:4", "self-manager@13:4", "bad-value@14:10", "bad-id@16:4", "missing-value@17:2",
        ])
        // the repeat quotes the raw id of the row it rejects; the first row's id was trimmed
        XCTAssertEqual(read.diagnostics.first { $0.code == "duplicate-key" }?.message.contains("first on line 3"), true)
    }

    /// targets.csv and kpi.csv: clean rows typed, and each rule's diagnostic where it belongs.
    func testTargetAndKPIRulesOnHostileRows() throws {
        let targets = "agent_id,target_premium,prior_premium\n" + [
            "A1,1000.00,900",          // 2 clean
            "A2 ,\" ¥2,000.5 \",",       // 3 trimmed, symbol, grouping, no prior
            "A1,5,5",                  // 4 duplicate-key
            "ZZ,5,5",                  // 5 unknown-agent
            "M1,(5.00),",              // 6 negative: bad-money
            "M1,,1",                   // 7 missing-value
            "M1,7,abc",                // 8 bad-money (prior)
        ].joined(separator: "\n") + "\n"
        let kpi = "agent_id,planning,process,admin,attitude\n" + [
            "A1,87.5,100,0,99.99",     // 2 clean
            "A2,,\u{3000}80 ,,",        // 3 empty dimensions, a trimmed one
            "M1,100.01,1,1,1",         // 4 bad-score
            "M1,1.234,1,1,1",          // 5 bad-score (3 decimals)
            "A1,1,1,1,1",              // 6 duplicate-key
            "QQ,1,1,1,1",              // 7 unknown-agent
            "M1,-1,,,",                // 8 bad-score
            "M1,50,,,",                // 9 clean after the rejected rows
        ].joined(separator: "\n") + "\n"
        let month = MonthFixture(files: ["agents.csv": simpleAgents, "sales.csv": MonthFixture.salesHeader + "\n",
                                         "targets.csv": targets, "kpi.csv": kpi])
        try assertAllModesAgree(month)
        let read = try load(month, .linesInPlace)
        XCTAssertEqual(read.counts[.targets]?.accepted, 2)
        XCTAssertEqual(read.counts[.kpi]?.accepted, 3)
        // roster order: M1, A1, A2
        XCTAssertEqual(read.targets.map { $0?.target }, [nil, 100_000, 200_050])
        XCTAssertEqual(read.targets.map { $0?.prior }, [nil, 90_000, nil])
        XCTAssertEqual(read.kpi.map { $0?.line }, [9, 2, 3])
        XCTAssertEqual(read.kpi[1].map { [$0.planning, $0.process, $0.admin, $0.attitude] }, [8750, 10_000, 0, 9999])
        XCTAssertEqual(read.kpi[2].map { [$0.planning, $0.process, $0.admin, $0.attitude] }, [nil, 8000, nil, nil])
        XCTAssertEqual(read.diagnostics.filter { $0.file == .targets }.sortedForReport().located, [
            "duplicate-key@4:1", "unknown-agent@5:1", "bad-money@6:2", "missing-value@7:2", "bad-money@8:3",
        ])
        XCTAssertEqual(read.diagnostics.filter { $0.file == .kpi }.sortedForReport().located, [
            "bad-score@4:2", "bad-score@5:2", "duplicate-key@6:1", "unknown-agent@7:1", "bad-score@8:2",
        ])
    }

    func testAGeneratedMonthReadsTheSameWhateverTheCut() throws {
        let dir = NSTemporaryDirectory() + "podium-fast-" + UUID().uuidString
        try SampleMonth(agents: 400, sales: 8000, period: Period("2026-10")!, seed: 7).write(to: dir, planText: MonthFixture.planText)
        let month = MonthFixture(directory: dir)
        try assertAllModesAgree(month)
        XCTAssertEqual(try load(month, .workers(2)).counts[.sales]?.read, 8000)
    }

    /// Quoted line breaks everywhere (so some cut falls inside a record and the rest is read
    /// again), CR LF and lone CR line ends, blank lines, a BOM, and repeats far apart.
    func testCutsInsideQuotedLineBreaksAndEveryLineEnd() throws {
        var rows: [String] = []
        for k in 0..<120 {
            let policy = "P\(k % 37)"      // repeats across the whole file, so across every cut
            let sign = k % 11 == 0 ? "-" : ""
            switch k % 6 {
            case 0: rows.append("\(policy),A1,2026-10-0\(k % 9 + 1),\"壽\n\n險\",\(sign)100.00,\(sign)10.00\n")
            case 1: rows.append("\(policy),A2,2026-10-12,壽險,\(sign)20.5,\(sign)1\r\n")
            case 2: rows.append("\(policy),A1,2026-10-13,\"a \"\"quoted\"\" 險\",\(sign)7,\(sign)7\r")
            case 3: rows.append(" \n")
            case 4: rows.append("\(policy),A2,2026-10-14,壽險,\(sign)1\",0\n")   // bad-quote
            default: rows.append("\(policy),A1,2026-10-15,壽險,\(sign)3.00,\(sign)0.5,extra\n")  // field-count
            }
        }
        let sales = [0xEF, 0xBB, 0xBF] + Array((MonthFixture.salesHeader + "\r\n" + rows.joined()).utf8)
        let month = MonthFixture(bytes: ["agents.csv": Array(simpleAgents.utf8), "sales.csv": sales])
        try assertAllModesAgree(month)
        let m = try load(month, .workers(7))
        XCTAssertEqual(m.counts[.sales]?.blank, 20)
        XCTAssertEqual(m.counts[.sales]?.read, 100)
    }

    /// A bad byte or an open quote stops the run with the same located error however the file is cut.
    func testFileErrorsAreLocatedTheSameWhateverTheCut() throws {
        var clean = MonthFixture.salesHeader + "\n"
        for k in 0..<60 { clean += "P\(k),A1,2026-10-02,\"壽\n險\",1,0\n" }
        let badByte = Array(clean.utf8) + Array("P99,A1,2026-10-02,壽".utf8) + [0xE5, 0x2C] + Array("1,0\n".utf8)
        let openQuote = Array((clean + "P98,A1,2026-10-02,\"壽險,1,0\nP97,A1,2026-10-02,壽險,1,0\n").utf8)
        for (bytes, want) in [(badByte, "encoding@122:-"), (openQuote, "unclosed-quote@122:4")] {
            let month = MonthFixture(bytes: ["agents.csv": Array(simpleAgents.utf8), "sales.csv": bytes])
            for mode in [Mode.oneCore] + Self.parallelModes {
                guard case .stopped(let diagnostics, let code, _) = try outcome(month, mode) else {
                    XCTFail("\(mode): not stopped")
                    continue
                }
                XCTAssertEqual(code, 65, "\(mode)")
                XCTAssertEqual(diagnostics.located, [want], "\(mode)")
                XCTAssertEqual(diagnostics.map(\.message), [diagnostics[0].message], "\(mode)")
            }
        }
    }
}

extension RowRulesTests {
    /// agents.csv, targets.csv and kpi.csv with a bad byte, an open quote, a BOM, CR LF, blank
    /// lines and quoted line breaks: the same rows, counts and located messages whether every
    /// record goes through the scanner or plain lines are typed in place.
    func testRosterTargetsAndKPIReadTheSameInPlace() throws {
        let agents = [0xEF, 0xBB, 0xBF] + Array((MonthFixture.agentsHeader + "\r\n\r\n" + [
            "M1,經理,manager,,T1,R1,mature,2020-01-01,active,",
            "A1,\"王\n小明\",agent,M1,T1,R1,mature,2020-01-01,active,",
            "",
            "A2,李小華,agent,M1,T1,R1,mature,2020-01-01,active,,extra",
            "A3,陳大文,agent,M1,T1,R1,mature,2020-01-01,active,\r",
        ].joined(separator: "\r\n") + "\r\n").utf8)
        let targets = "agent_id,target_premium,prior_premium\n\nA1,1000.00,900\nM1,\"1,0\n00\",\nA3,5\n"
        let kpi = "agent_id,planning,process,admin,attitude\r\nA1,87.5,100,0,99.99\r\n \r\nM1,1,1\"x,1,1\r\nA3,50,,,"
        let month = MonthFixture(bytes: ["agents.csv": agents, "sales.csv": Array((MonthFixture.salesHeader + "\n").utf8),
                                         "targets.csv": Array(targets.utf8), "kpi.csv": Array(kpi.utf8)])
        try assertAllModesAgree(month)
        let read = try load(month, .linesInPlace)
        XCTAssertEqual(read.agents.map(\.id), ["M1", "A1", "A3"])
        // blank: the line after the header, the empty line, and the CR LF after A3's lone CR
        XCTAssertEqual(read.counts[.agents]?.blank, 3)
        XCTAssertEqual(read.counts[.targets]?.read, 3)
        XCTAssertEqual(read.targets.map { $0?.target }, [nil, 100_000, nil])
        XCTAssertEqual(read.kpi.map { $0?.line }, [nil, 2, 5])

        let badByte = Array((MonthFixture.agentsHeader + "\nM1,經理,manager,,T1,R1,mature,2020-01-01,active,\nA1,王").utf8)
            + [0xE5, 0x2C] + Array("agent,M1,T1,R1,mature,2020-01-01,active,\n".utf8)
        let openQuote = MonthFixture.agentsHeader + "\nM1,經理,manager,,T1,R1,mature,2020-01-01,active,\nA1,\"王,agent\n"
        for (bytes, want) in [(badByte, "encoding@3:-"), (Array(openQuote.utf8), "unclosed-quote@3:2")] {
            let month = MonthFixture(bytes: ["agents.csv": bytes, "sales.csv": Array((MonthFixture.salesHeader + "\n").utf8)])
            var messages: [String] = []
            for mode in [Mode.oneCore, .linesInPlace] {
                guard case .stopped(let diagnostics, let code, _) = try outcome(month, mode) else {
                    XCTFail("\(mode): not stopped")
                    continue
                }
                XCTAssertEqual(code, 65, "\(mode)")
                XCTAssertEqual(diagnostics.located, [want], "\(mode)")
                messages += diagnostics.map(\.message)
            }
            XCTAssertEqual(Set(messages).count, 1, "\(messages)")
        }
    }
}

/// The schemas made from the named columns are SPEC §1.3–§1.6 and §7.1, column by column.
final class SchemaTests: XCTestCase {
    func testEachFileHasTheSpecColumnsInOrderWithTheirRequiredness() {
        func columns(_ file: InputFile) -> [String] {
            TableSchema.schema(for: file).columns.map { "\($0.name)\($0.requiredColumn ? "" : "?")" }
        }
        XCTAssertEqual(columns(.agents), ["agent_id", "name", "role", "manager_id?", "team", "region", "market",
                                          "hire_date", "status", "termination_date?"])
        XCTAssertEqual(columns(.sales), ["policy_id", "agent_id", "date", "product", "premium", "fyc"])
        XCTAssertEqual(columns(.targets), ["agent_id", "target_premium", "prior_premium?", "ytd_fyc?"])
        XCTAssertEqual(columns(.kpi), ["agent_id", "planning?", "process?", "admin?", "attitude?"])
        XCTAssertEqual(columns(.visits), ["agent_id", "date", "customer_id", "prepare", "check_store", "greet", "merchandise",
                                          "check_stock", "present", "order", "thank"])
        let targets = TableSchema.schema(for: .targets).columns
        XCTAssertEqual(targets.map(\.type), [.id, .nonNegativeMoney, .nonNegativeMoney, .money])
        XCTAssertEqual(TableSchema.schema(for: .sales).columns[0].aliases, ["保單號", "保单号"])
        XCTAssertEqual(TableSchema.schema(for: .visits).columns[4].aliases, ["店情查看"])
        XCTAssertEqual(TableSchema.schema(for: .agents).columns[3].aliases, ["上級工號", "上级工号", "主管工號", "主管工号"])
        // a named column's position is its place in the schema
        XCTAssertEqual(VisitsColumn.step(.thank).index, 10)
        XCTAssertEqual(SalesColumn.fyc.index, 5)
    }
}

/// The repeat-key spill on its own: exact verdicts across blocks, buckets, spills and hash collisions.
final class RepeatKeySpillTests: XCTestCase {
    func testRepeatsAreFoundExactlyOnDiskAndInMemory() {
        // 20,000 rows over two spills (a file cut in two), so every bucket fills several blocks;
        // policy ids "P<k % 6000>", agents 0/1, every 7th row a cancellation: a row repeats when
        // an earlier row has the same triple.
        let rows = (0..<20_000).map { k in (policy: "P\(k % 6000)", agent: k % 3 == 0 ? 1 : 0, negative: k % 7 == 0) }
        var seen = Set<String>()
        var expected: [Int] = []
        for (k, r) in rows.enumerated() where !seen.insert("\(r.policy)|\(r.agent)|\(r.negative)").inserted { expected.append(k + 1) }
        let policies = rows.map { Array($0.policy.utf8) }
        for onDisk in [true, false] {
            let first = RepeatKeySpill(expectedRows: 100_000, onDisk: onDisk), second = RepeatKeySpill(expectedRows: 100_000, onDisk: onDisk)
            for (k, r) in rows.enumerated() {
                let spill = k < 11_700 ? first : second
                let line = k < 11_700 ? k + 1 : k + 1 - 11_700   // the second spill counts from 1 ...
                policies[k].withUnsafeBufferPointer { spill.add(policy: $0, agent: r.agent, negative: r.negative, line: line, offset: k) }
            }
            second.lineBase = 11_700                           // ... and is shifted afterwards
            let found = RepeatKeySpill.resolve([first, second]) { policies[$0] }
            XCTAssertEqual(found.map(\.line), expected, "onDisk \(onDisk)")
            XCTAssertEqual(found.map(\.offset), expected.map { $0 - 1 })
        }
        XCTAssertEqual(expected.count, 20_000 - Set(rows.map { "\($0.policy)|\($0.agent)|\($0.negative)" }).count)
    }

    func testEqualHashesWithDifferentPolicyIdsAreNotRepeats() {
        // Entries that agree on hash, agent and sign (as colliding ids would) are repeats only
        // when the ids re-read from the file are equal: here lines 1 and 3 ("A"), not 2 ("B").
        let spill = RepeatKeySpill(expectedRows: 10)
        let same = Array("SAME".utf8)
        same.withUnsafeBufferPointer {
            spill.add(policy: $0, agent: 5, negative: false, line: 1, offset: 0)
            spill.add(policy: $0, agent: 5, negative: false, line: 2, offset: 1)
            spill.add(policy: $0, agent: 5, negative: false, line: 3, offset: 2)
        }
        let reread: [[UInt8]] = [Array("A".utf8), Array("B".utf8), Array("A".utf8)]
        XCTAssertEqual(RepeatKeySpill.resolve([spill]) { reread[$0] }.map(\.line), [3])
    }
}

extension RowRulesTests {
    /// A quoted record of Chinese text that runs past the reader's 4 MiB buffer, with the buffer's
    /// end inside a character: the record is read whole and the file is valid UTF-8 (the cut
    /// sequence used to be checked without its last bytes: a false `encoding` error, exit 65).
    func testAQuotedRecordAcrossTheReadBufferKeepsItsCharacters() throws {
        let header = "agent_id,name,role,manager_id,team,region,market,hire_date,status,termination_date\n"
        let name = String(repeating: "王", count: 40)
        var cutInsideACharacter = false
        for pad in 0..<3 {
            var text = header
            var count = 0
            while text.utf8.count < header.utf8.count + (1 << 22) + 4096 {
                let extra = count == 0 ? String(repeating: "x", count: pad) : ""
                text += "A\(100_000 + count),\"\(extra)\(name)\",agent,,\"團隊\",華東區,mature,2020-01-01,active,\n"
                count += 1
            }
            let bytes = Array(text.utf8)
            let boundary = header.utf8.count + (1 << 22)
            if bytes[boundary] & 0xC0 == 0x80 { cutInsideACharacter = true }
            let month = MonthFixture(files: ["agents.csv": text, "sales.csv": "policy_id,agent_id,date,product,premium,fyc\n"])
            for mode in [Mode.oneCore, .linesInPlace] {
                let loaded = try load(month, mode)
                XCTAssertEqual(loaded.agents.count, count, "pad \(pad), \(mode)")
                XCTAssertEqual(loaded.agents.last?.name, name)
            }
        }
        XCTAssertTrue(cutInsideACharacter, "no variant cut a character at the buffer's end")
    }
}
