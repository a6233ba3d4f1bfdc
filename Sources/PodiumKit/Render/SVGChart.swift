import Foundation

/// One bar of a chart: a label, a value for the bar's length, and the text shown beside it.
public struct ChartBar: Sendable {
    public var label: String
    public var value: Double
    public var valueText: String
    /// Stacked segments (value, colour class) for stacked charts; empty for a plain bar.
    public var segments: [(Double, String)] = []

    public init(label: String, value: Double, valueText: String, segments: [(Double, String)] = []) {
        self.label = label
        self.value = value
        self.valueText = valueText
        self.segments = segments
    }
}

/// Inline SVG charts (SPEC §5.2: no scripts, no external files). Doubles are fine here: charts
/// only draw, every figure shown as text comes formatted from exact values.
public enum SVGChart {
    static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    /// Horizontal bars, optionally with a reference line (e.g. 100% attainment).
    public static func horizontalBars(title: String, bars: [ChartBar], reference: (value: Double, label: String)? = nil,
                                      legend: [(String, String)] = []) -> String {
        let labelWidth = 140.0, barArea = 300.0, valueWidth = 200.0, rowHeight = 26.0, top = 10.0
        let width = labelWidth + barArea + valueWidth
        // legend entries laid out in rows that fit the width (English labels are long)
        var legendPlaces: [(x: Double, row: Int)] = []
        var lx = labelWidth, lrow = 0
        for (name, _) in legend {
            let w = 24 + textWidth(name)
            if lx + w > width && lx > labelWidth { lx = labelWidth; lrow += 1 }
            legendPlaces.append((lx, lrow))
            lx += w
        }
        let legendHeight = legend.isEmpty ? 0.0 : 24.0 * Double(lrow + 1)
        let height = top + Double(max(bars.count, 1)) * rowHeight + 16 + legendHeight
        let maxValue = max(bars.map { $0.segments.isEmpty ? $0.value : $0.segments.map(\.0).reduce(0, +) }.max() ?? 0, reference?.value ?? 0, 1e-9)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">"
        svg += "<title>\(xmlEscape(title))</title>"
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * rowHeight
            svg += "<text class=\"label\" x=\"\(f(labelWidth - 6))\" y=\"\(f(y + 16))\" text-anchor=\"end\">\(xmlEscape(truncate(bar.label, 9)))</text>"
            if bar.segments.isEmpty {
                let w = max(0, bar.value) / maxValue * barArea
                svg += "<rect class=\"bar\" x=\"\(f(labelWidth))\" y=\"\(f(y + 4))\" width=\"\(f(w))\" height=\"\(f(rowHeight - 8))\"/>"
            } else {
                var x = labelWidth
                for (v, cls) in bar.segments {
                    let w = max(0, v) / maxValue * barArea
                    svg += "<rect class=\"\(cls)\" x=\"\(f(x))\" y=\"\(f(y + 4))\" width=\"\(f(w))\" height=\"\(f(rowHeight - 8))\"/>"
                    x += w
                }
            }
            svg += "<text class=\"value\" x=\"\(f(labelWidth + barArea + 6))\" y=\"\(f(y + 16))\">\(xmlEscape(bar.valueText))</text>"
        }
        if let reference {
            let x = labelWidth + reference.value / maxValue * barArea
            let bottom = top + Double(bars.count) * rowHeight
            svg += "<line class=\"ref\" x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(bottom))\"/>"
            svg += "<text class=\"reflabel\" x=\"\(f(x))\" y=\"\(f(bottom + 12))\" text-anchor=\"middle\">\(xmlEscape(reference.label))</text>"
        }
        if !legend.isEmpty {
            let first = height - legendHeight + 6
            for ((name, cls), place) in zip(legend, legendPlaces) {
                let x = place.x, y = first + 24 * Double(place.row)
                svg += "<rect class=\"\(cls)\" x=\"\(f(x))\" y=\"\(f(y))\" width=\"12\" height=\"12\"/>"
                svg += "<text class=\"label\" x=\"\(f(x + 16))\" y=\"\(f(y + 11))\">\(xmlEscape(name))</text>"
            }
        }
        if bars.isEmpty {
            svg += "<text class=\"label\" x=\"\(f(labelWidth))\" y=\"\(f(top + 16))\">—</text>"
        }
        return svg + "</svg>"
    }

    /// The width a label takes at the charts' font size: CJK characters about 13 units, others 8.5.
    static func textWidth(_ s: String) -> Double {
        s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 13 : 8.5) }
    }

    /// Vertical columns (a histogram).
    public static func columns(title: String, bars: [ChartBar]) -> String {
        let width = 640.0, height = 240.0, left = 20.0, bottom = 205.0, top = 22.0
        let maxValue = max(bars.map(\.value).max() ?? 0, 1e-9)
        let slot = (width - left - 10) / Double(max(bars.count, 1))
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">"
        svg += "<title>\(xmlEscape(title))</title>"
        svg += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(width - 10))\" y2=\"\(f(bottom))\"/>"
        for (i, bar) in bars.enumerated() {
            let h = max(0, bar.value) / maxValue * (bottom - top)
            let x = left + Double(i) * slot
            svg += "<rect class=\"bar\" x=\"\(f(x + 3))\" y=\"\(f(bottom - h))\" width=\"\(f(slot - 6))\" height=\"\(f(h))\"/>"
            svg += "<text class=\"value\" x=\"\(f(x + slot / 2))\" y=\"\(f(bottom - h - 4))\" text-anchor=\"middle\">\(xmlEscape(bar.valueText))</text>"
            svg += "<text class=\"label\" x=\"\(f(x + slot / 2))\" y=\"\(f(bottom + 16))\" text-anchor=\"middle\">\(xmlEscape(bar.label))</text>"
        }
        return svg + "</svg>"
    }

    /// Bar length of an amount: geometry only, never shown as a number.
    static func length(_ m: Money) -> Double { Double(m.cents) / 100 }

    /// Bar length of a ratio (0 when there is none): geometry only.
    static func length(_ f: Fraction?) -> Double {
        guard let f else { return 0 }
        // a bar never needs more than this (and a ratio of 10^14 would not scale into 64 bits)
        let limit = Fraction(1_000_000)
        if f > limit { return 1_000_000 }
        if f < -limit { return -1_000_000 }
        return Double(f.scaled(6, .halfUp)) / 1_000_000
    }

    static func truncate(_ s: String, _ n: Int) -> String {
        s.count <= n ? s : String(s.prefix(n - 1)) + "…"
    }
}
