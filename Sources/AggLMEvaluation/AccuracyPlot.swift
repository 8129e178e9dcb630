import AggLMWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Accuracy against k, one panel per dataset, every method a line with its
/// 95% interval as error bars: an SVG file written without dependencies.
public struct AccuracyPlot {
    /// `points[i]` is the comparison at `ks[i]`; every report list is in the
    /// same dataset order.
    public let ks: [Int]
    public let points: [[DatasetReport]]

    public init(ks: [Int], points: [[DatasetReport]]) {
        self.ks = ks
        self.points = points
    }

    static let palette: [Agglm_V1_Method: String] = [
        .majority: "#4d4d4d", .agglm: "#d62728", .rmBestOfN: "#1f77b4", .rmWeighted: "#17becf",
        .confidenceWeighted: "#9467bd", .shortest: "#ff7f0e", .oracle: "#2ca02c",
    ]

    public var svg: String {
        let datasets = points.first?.count ?? 0
        let columns = min(2, max(1, datasets))
        let rows = (datasets + columns - 1) / columns
        let panelWidth = 420.0, panelHeight = 300.0, legendHeight = 40.0
        let width = Double(columns) * panelWidth, height = Double(rows) * panelHeight + legendHeight
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" \
            viewBox="0 0 \(n(width)) \(n(height))" font-family="Helvetica, Arial, sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>

            """
        let methods = Agglm_V1_Method.reportOrder.filter { method in
            points.contains { $0.contains { $0.score(method) != nil } }
        }
        for dataset in 0..<datasets {
            let x0 = Double(dataset % columns) * panelWidth
            let y0 = Double(dataset / columns) * panelHeight
            out += panel(dataset: dataset, methods: methods, x0: x0, y0: y0, width: panelWidth, height: panelHeight)
        }
        // Legend along the bottom.
        var x = 20.0
        let y = Double(rows) * panelHeight + 22
        for method in methods {
            let color = Self.palette[method] ?? "black"
            out += "<line x1=\"\(n(x))\" y1=\"\(n(y - 4))\" x2=\"\(n(x + 22))\" y2=\"\(n(y - 4))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
            out += "<circle cx=\"\(n(x + 11))\" cy=\"\(n(y - 4))\" r=\"3\" fill=\"\(color)\"/>"
            out += "<text x=\"\(n(x + 28))\" y=\"\(n(y))\">\(escape(method.cliName))</text>\n"
            x += 34 + Double(method.cliName.count) * 6.5 + 14
        }
        out += "</svg>\n"
        return out
    }

    private func panel(dataset: Int, methods: [Agglm_V1_Method], x0: Double, y0: Double, width: Double, height: Double) -> String {
        let left = x0 + 52, right = x0 + width - 16, top = y0 + 30, bottom = y0 + height - 40
        var values: [Double] = []
        for reports in points {
            for method in methods {
                if let score = reports[dataset].score(method) { values += [score.ci95.low, score.ci95.high, score.accuracy] }
            }
        }
        // A y range padded to round tenths so ticks land on readable values.
        let low = max(0, ((values.min() ?? 0) * 10).rounded(.down) / 10)
        let high = min(1, max(low + 0.1, ((values.max() ?? 1) * 10).rounded(.up) / 10))
        let kLogs = ks.map { log2(Double(max(1, $0))) }
        let kMin = kLogs.min() ?? 0, kMax = max((kLogs.max() ?? 1), kMin + 1)
        func px(_ k: Int) -> Double { left + (log2(Double(max(1, k))) - kMin) / (kMax - kMin) * (right - left) }
        func py(_ accuracy: Double) -> Double { bottom - (accuracy - low) / (high - low) * (bottom - top) }

        let name = points.first?[dataset].file.split(separator: "/").last.map(String.init) ?? ""
        var out = "<g>\n<text x=\"\(n((left + right) / 2))\" y=\"\(n(y0 + 18))\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">\(escape(name))</text>\n"
        // Grid and y ticks every 0.05 or 0.1.
        let step = (high - low) > 0.35 ? 0.1 : 0.05
        var tick = low
        while tick <= high + 1e-9 {
            out += "<line x1=\"\(n(left))\" y1=\"\(n(py(tick)))\" x2=\"\(n(right))\" y2=\"\(n(py(tick)))\" stroke=\"#e5e5e5\"/>"
            out += "<text x=\"\(n(left - 6))\" y=\"\(n(py(tick) + 4))\" text-anchor=\"end\">\(format2(tick))</text>\n"
            tick += step
        }
        for k in ks {
            out += "<line x1=\"\(n(px(k)))\" y1=\"\(n(bottom))\" x2=\"\(n(px(k)))\" y2=\"\(n(bottom + 4))\" stroke=\"black\"/>"
            out += "<text x=\"\(n(px(k)))\" y=\"\(n(bottom + 16))\" text-anchor=\"middle\">\(k)</text>\n"
        }
        out += "<line x1=\"\(n(left))\" y1=\"\(n(bottom))\" x2=\"\(n(right))\" y2=\"\(n(bottom))\" stroke=\"black\"/>"
        out += "<line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(bottom))\" stroke=\"black\"/>\n"
        out += "<text x=\"\(n((left + right) / 2))\" y=\"\(n(bottom + 32))\" text-anchor=\"middle\">candidates per set (k)</text>\n"
        out += "<text transform=\"translate(\(n(x0 + 14)) \(n((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">accuracy</text>\n"
        for method in methods {
            let color = Self.palette[method] ?? "black"
            var path: [String] = []
            for (index, k) in ks.enumerated() {
                guard let score = points[index][dataset].score(method) else { continue }
                let x = px(k)
                path.append("\(path.isEmpty ? "M" : "L")\(n(x)) \(n(py(score.accuracy)))")
                out += "<line x1=\"\(n(x))\" y1=\"\(n(py(score.ci95.low)))\" x2=\"\(n(x))\" y2=\"\(n(py(score.ci95.high)))\" stroke=\"\(color)\" stroke-opacity=\"0.6\"/>"
                out += "<circle cx=\"\(n(x))\" cy=\"\(n(py(score.accuracy)))\" r=\"3\" fill=\"\(color)\"><title>\(escape(method.cliName)) k=\(k): \(format2(score.accuracy))</title></circle>\n"
            }
            if path.count > 1 {
                out += "<path d=\"\(path.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\"/>\n"
            }
        }
        return out + "</g>\n"
    }

    private func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : "\(rounded)"
    }

    private func format2(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    private func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
