/// JUnit XML for CI systems: one test case per claim instance; REFUTED instances are
/// failures, INCONCLUSIVE ones errors.
public enum JUnitReport {
    public static func render(_ reports: [TheoremReport]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        for report in reports {
            let cases = report.claims.flatMap { claim in claim.instances.map { (claim, $0) } }
            let failures = cases.filter { $0.1.verdict == .refuted }.count
            let errors = cases.filter { $0.1.verdict == .inconclusive }.count
            out += "  <testsuite name=\"\(escape(report.file))\" tests=\"\(cases.count)\" failures=\"\(failures)\" "
                + "errors=\"\(errors)\" time=\"\(decimal(report.seconds))\">\n"
            for (claim, instance) in cases {
                out += "    <testcase classname=\"\(escape(report.file)).\(escape(claim.name))\" "
                    + "name=\"\(escape(instance.label))\" time=\"\(decimal(instance.seconds))\""
                let message = [instance.proof?.outcomeText, instance.witness, instance.detail].compactMap { $0 }
                    .joined(separator: "; ")
                switch instance.verdict {
                case .proved, .verified:
                    out += "/>\n"
                case .refuted:
                    out += ">\n      <failure message=\"REFUTED\">\(escape(message))</failure>\n    </testcase>\n"
                case .inconclusive:
                    out += ">\n      <error message=\"INCONCLUSIVE\">\(escape(message))</error>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// Seconds as an xs:decimal with 6 decimals (the JUnit schema allows no exponent).
    static func decimal(_ seconds: Double) -> String { FixedDecimal.format(seconds, places: 6) }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
