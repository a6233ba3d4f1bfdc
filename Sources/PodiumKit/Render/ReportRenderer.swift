/// Renders a computed month into files in memory (SPEC §5): the CSV files now, pages later.
public struct ReportRenderer {
    public let templates: TemplateSet
    public let plan: Plan

    public init(templates: TemplateSet, plan: Plan) {
        self.templates = templates
        self.plan = plan
    }

    public func render(_ result: CloseResult) -> [RenderedFile] {
        let vm = CSVViewModels(result: result, plan: plan)
        let tables: [(String, [[String: String]])] = [
            ("payouts.csv", vm.payouts()),
            ("rankings.csv", vm.rankings()),
            ("teams.csv", vm.groups(result.teams)),
            ("regions.csv", vm.groups(result.regions)),
            ("directors.csv", vm.groups(result.directors)),
            ("diagnostics.csv", vm.diagnostics()),
        ]
        return tables.map { name, rows in
            RenderedFile(path: name, bytes: csvBytes(templates.render(["rows": rows], template: name)))
        }
    }

    /// Applies `[output] csv_line_ending` and `csv_bom`.
    func csvBytes(_ text: String) -> [UInt8] {
        let body = plan.csvCRLF ? CSVEscaping.crlf(text) : text
        return (plan.csvBOM ? [0xEF, 0xBB, 0xBF] : []) + Array(body.utf8)
    }
}
