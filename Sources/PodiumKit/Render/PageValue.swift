import Mustache

/// A name an HTML page's view model gives a value (the names the built-in templates use).
///
/// Keys are an enum so that a page's context is built and read without hashing strings: the
/// compiled templates resolve each `{{name}}` to a key once, and a lookup compares one byte per
/// field. A user's template may use any name; names that are not keys are never found, as a
/// dictionary without them would not find them.
enum PageKey: String, CaseIterable, Sendable {
    case accepted, active_agents, activity_rate, agent_id, amount, attainment, banner, banner_count, base, blank
    case caption, carry_forward, charts, code, codes, commission, cost, count, dimensions, directors_table
    case empty, excluded, facts, file, files, formula, fyc, generated, has_codes, has_generated, has_link
    case has_rejected, has_warnings, headcount, heading, health, is_sub, item, kpi_bonus, kpi_score, label
    case lang, leaders, link, manager, manager_header, message, metric_label, more, name, name_header
    case negative, new_policies, note, `override`, pay, payable, people, per_capita, period, plan_name
    case premium, rank, read, region, regions_table, rejected, role, root, rows, score, severity, subtitle
    case summary, svg, t, target, team, teams_table, text, tiles, title, total, total_row, value, warnings
    case weight, `where`, with_manager
    case sections, columns, cells, css, id, movement, has_movement, chart, has_chart, has_note
}

/// A value an HTML page shows: already formatted text, a flag, a list of rows, a nested object,
/// or the page's labels (`{{t.name}}`). Nothing is left for a template to compute.
enum PageValue: Sendable {
    case text(String)
    case flag(Bool)
    case list([PageObject])
    case object(PageObject)
    /// The locale's labels (`{{t.name}}`).
    case labels(Labels)

    /// The value as swift-mustache sees it (for templates the compiled renderer hands back).
    var mustacheValue: Any {
        switch self {
        case .text(let s): return s
        case .flag(let b): return b
        case .list(let rows): return rows
        case .object(let o): return o
        case .labels(let l): return l.strings
        }
    }
}

/// One level of a page's context: named values in the order they were set.
///
/// Built with a dictionary literal (`[.label: .text(…), .value: .text(…)]`) but kept as a short
/// array: a row has a dozen fields, and a scan over their one-byte keys is cheaper than hashing a
/// name. swift-mustache reads it through `MustacheParent`, so both renderers see the same values.
struct PageObject: Sendable, MustacheParent, ExpressibleByDictionaryLiteral {
    /// The values with their keys, in the order they were set: the literal's own array, kept
    /// as it is (one allocation per object).
    private(set) var fields: [(PageKey, PageValue)]

    init(dictionaryLiteral elements: (PageKey, PageValue)...) {
        fields = elements
    }

    /// Where `key` is, found by reading keys only (no value is copied on the way).
    private func position(_ key: PageKey) -> Int? {
        fields.withUnsafeBufferPointer { buffer in
            for k in buffer.indices where buffer[k].0 == key { return k }
            return nil
        }
    }

    /// The value named `key`; setting replaces it or adds it at the end.
    subscript(key: PageKey) -> PageValue? {
        get { position(key).map { fields[$0].1 } }
        set {
            if let k = position(key) {
                if let newValue { fields[k].1 = newValue } else { fields.remove(at: k) }
            } else if let newValue {
                fields.append((key, newValue))
            }
        }
    }

    /// Room for `count` more values without growing the array one by one.
    mutating func reserve(_ count: Int) { fields.reserveCapacity(fields.count + count) }

    /// Adds `other`'s values whose keys this object does not have.
    mutating func merge(_ other: PageObject) {
        for field in other.fields where position(field.0) == nil { fields.append(field) }
    }

    func child(named name: String) -> Any? {
        PageKey(rawValue: name).flatMap { self[$0] }?.mustacheValue
    }
}
