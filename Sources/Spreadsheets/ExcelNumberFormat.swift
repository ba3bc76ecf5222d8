import Foundation
import QuizModel

/// A number as Excel shows it under a cell's number format, in the Chinese (zh-CN) locale WPS and Excel use here:
/// `0%` shows 0.25 as `25%`, `0.0%` shows 0.333… as `33.3%`, `#,##0` shows 12345 as `12,345`,
/// `yyyy"年"m"月"d"日"` shows serial 43541 as `2019年3月17日`, General shows 15 significant digits.
///
/// Covers what banks and registers hold: General, `@`, digit placeholders `0 # ?`, decimals, thousands separators,
/// percent, scientific notation, literal text (`0"分"`, `\分`), sections for positive/negative/zero, colour and
/// locale tags (ignored), and dates and times (`y m d h s`, `AM/PM`, `上午/下午`). What it does not know (fractions,
/// conditions) it shows as General, never as nothing.
public enum ExcelNumberFormat {
    /// The code of a built-in format id, as a zh-CN Excel displays it; nil for an id without a built-in code.
    public static func builtInCode(_ id: Int) -> String? {
        switch id {
        case 0: "General"
        case 1: "0"
        case 2: "0.00"
        case 3: "#,##0"
        case 4: "#,##0.00"
        case 5, 37: "#,##0;-#,##0"
        case 6, 38: "#,##0;[Red]-#,##0"
        case 7, 39: "#,##0.00;-#,##0.00"
        case 8, 40: "#,##0.00;[Red]-#,##0.00"
        case 9: "0%"
        case 10: "0.00%"
        case 11: "0.00E+00"
        case 12, 13: "General"  // fractions: shown as General here
        case 14: "yyyy/m/d"
        case 15: "d-mmm-yy"
        case 16: "d-mmm"
        case 17: "mmm-yy"
        case 18: "h:mm AM/PM"
        case 19: "h:mm:ss AM/PM"
        case 20: "h:mm"
        case 21: "h:mm:ss"
        case 22: "yyyy/m/d h:mm"
        case 27, 36, 50, 52, 57: "yyyy\"年\"m\"月\""
        case 28, 29, 51, 53, 54, 58: "m\"月\"d\"日\""
        case 30: "m-d-yy"
        case 31: "yyyy\"年\"m\"月\"d\"日\""
        case 32: "h\"时\"mm\"分\""
        case 33: "h\"时\"mm\"分\"ss\"秒\""
        case 34: "上午/下午h\"时\"mm\"分\""
        case 35: "上午/下午h\"时\"mm\"分\"ss\"秒\""
        case 45: "mm:ss"
        case 46: "[h]:mm:ss"
        case 47: "mm:ss.0"
        case 48: "##0.0E+0"
        case 49: "@"
        default: nil
        }
    }

    /// Whether a format code shows a date or a time.
    public static func isDate(_ code: String) -> Bool {
        let section = sections(of: code).first ?? []
        return section.contains { if case .date = $0 { true } else { false } }
    }

    /// `value` shown under `code`.
    public static func format(_ value: Double, code: String) -> String {
        guard value.isFinite else { return general(value) }
        let all = sections(of: code)
        guard !all.isEmpty else { return general(value) }
        var section = all[0]
        var shownValue = value
        if value < 0, all.count > 1 {
            section = all[1]
            shownValue = -value  // the section writes its own sign
        } else if value == 0, all.count > 2 {
            section = all[2]
        }
        if section.isEmpty { return "" }
        if section.contains(where: { if case .date = $0 { true } else { false } }) {
            return formatDate(value, section) ?? general(value)
        }
        if section.contains(where: { if case .general = $0 { true } else { false } }) {
            return section.map { token in
                if case .literal(let text) = token { return text }
                if case .general = token { return general(shownValue) }
                return ""
            }.joined()
        }
        guard section.contains(where: { if case .digit = $0 { true } else { false } }) else {
            // Text only (`"是"`): Excel shows the text.
            return section.map { if case .literal(let text) = $0 { text } else { "" } }.joined()
        }
        return formatNumber(shownValue, section, signed: value < 0 && all.count == 1) ?? general(value)
    }

    /// Excel's General: up to 15 significant digits, no trailing zeros, scientific beyond 11 integer digits.
    public static func general(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == value.rounded(), abs(value) < 1e11 { return String(Int64(value)) }
        var text = String(format: "%.15g", value)
        if text.contains("e") {
            // 1.5e+20 → 1.5E+20, as Excel writes it.
            text = text.replacingOccurrences(of: "e", with: "E")
        }
        return text
    }

    // MARK: Tokens

    enum Token: Equatable {
        case literal(String)
        /// `0`, `#` or `?`.
        case digit(Character)
        case decimalPoint
        case thousands
        case percent
        case exponent(String)
        case general
        /// A date or time part: `yyyy`, `m`, `dd`, `h`, `ss`, `AM/PM`, `上午/下午`, `[h]`.
        case date(String)
    }

    /// The code's sections (`;`), each as tokens.
    static func sections(of code: String) -> [[Token]] {
        var sections: [[Token]] = [[]]
        let characters = Array(code)
        var index = 0
        func add(_ token: Token) { sections[sections.count - 1].append(token) }
        func addLiteral(_ text: String) {
            if case .literal(let previous)? = sections[sections.count - 1].last {
                sections[sections.count - 1][sections[sections.count - 1].count - 1] = .literal(previous + text)
            } else {
                add(.literal(text))
            }
        }
        while index < characters.count {
            let character = characters[index]
            let rest = String(characters[index...])
            switch character {
            case ";":
                sections.append([])
                index += 1
            case "\"":
                var end = index + 1
                while end < characters.count, characters[end] != "\"" { end += 1 }
                addLiteral(String(characters[min(index + 1, characters.count)..<min(end, characters.count)]))
                index = end + 1
            case "\\":
                if index + 1 < characters.count { addLiteral(String(characters[index + 1])) }
                index += 2
            case "_":
                addLiteral(" ")  // space as wide as the next character
                index += 2
            case "*":
                index += 2  // fill: nothing in a value's text
            case "[":
                var end = index + 1
                while end < characters.count, characters[end] != "]" { end += 1 }
                let tag = String(characters[min(index + 1, characters.count)..<min(end, characters.count)]).lowercased()
                if ["h", "hh", "m", "mm", "s", "ss"].contains(tag) { add(.date("[" + tag + "]")) }
                // Colours, conditions and locales ([Red], [>100], [$-804], [DBNum1]) change no digits here.
                index = end + 1
            case "@":
                add(.general)  // the text placeholder: a number under it shows as General
                index += 1
            case "0", "#", "?":
                add(.digit(character))
                index += 1
            case ".":
                add(.decimalPoint)
                index += 1
            case ",":
                add(.thousands)
                index += 1
            case "%":
                add(.percent)
                index += 1
            default:
                if "Ee".contains(character), index + 1 < characters.count, "+-".contains(characters[index + 1]) {
                    add(.exponent(String(characters[index + 1])))
                    index += 2
                } else if rest.lowercased().hasPrefix("general") {
                    add(.general)
                    index += 7
                } else if rest.uppercased().hasPrefix("AM/PM") {
                    add(.date("AM/PM"))
                    index += 5
                } else if rest.hasPrefix("上午/下午") {
                    add(.date("上午/下午"))
                    index += 5
                } else if "yYmMdDhHsS".contains(character) {
                    var end = index
                    while end < characters.count, characters[end].lowercased() == character.lowercased() { end += 1 }
                    add(.date(String(characters[index..<end]).lowercased()))
                    index = end
                } else {
                    addLiteral(String(character))
                    index += 1
                }
            }
        }
        return sections
    }

    // MARK: Numbers

    static func formatNumber(_ value: Double, _ section: [Token], signed: Bool) -> String? {
        var scaled = abs(value)
        for token in section where token == .percent { scaled *= 100 }
        // The placeholders: integer digits before the point, decimals after; thousands between integer digits;
        // commas right after the last placeholder divide by 1000.
        guard let firstDigit = section.firstIndex(where: { if case .digit = $0 { true } else { false } }) else { return nil }
        func isDigit(_ index: Int) -> Bool {
            guard index < section.count, case .digit = section[index] else { return false }
            return true
        }
        var lastPlaceholder = firstDigit
        placeholders: for index in section.indices where index >= firstDigit {
            switch section[index] {
            case .digit, .decimalPoint: lastPlaceholder = index
            case .thousands where isDigit(index + 1): lastPlaceholder = index
            case .exponent: break placeholders  // the exponent's own digits follow
            default: break
            }
        }
        var integerZeros = 0
        var decimalsMin = 0
        var decimalsMax = 0
        var grouped = false
        var afterPoint = false
        var exponent: (sign: String, digits: Int)?
        var index = firstDigit
        while index <= lastPlaceholder {
            switch section[index] {
            case .digit(let kind):
                if afterPoint {
                    decimalsMax += 1
                    if kind == "0" { decimalsMin = decimalsMax }
                } else if kind == "0" {
                    integerZeros += 1
                }
            case .decimalPoint: afterPoint = true
            case .thousands: if !afterPoint { grouped = true }
            default: break
            }
            index += 1
        }
        var trailing = lastPlaceholder + 1
        while trailing < section.count, section[trailing] == .thousands {
            scaled /= 1000
            trailing += 1
        }
        if trailing < section.count, case .exponent(let sign) = section[trailing] {
            var digits = 0
            var end = trailing + 1
            while end < section.count, case .digit = section[end] {
                digits += 1
                end += 1
            }
            exponent = (sign, digits)
            trailing = end
        }

        var number: String
        if let exponent {
            var power = scaled == 0 ? 0 : Int(log10(scaled).rounded(.down))
            var mantissa = scaled / pow(10, Double(power))
            if (mantissa * pow(10, Double(decimalsMax))).rounded() / pow(10, Double(decimalsMax)) >= 10 {
                mantissa /= 10
                power += 1
            }
            let digits = String(format: "%0\(max(exponent.digits, 1))d", abs(power))
            let sign = power < 0 ? "-" : (exponent.sign == "+" ? "+" : "")
            number = fixed(mantissa, integerZeros: integerZeros, decimalsMin: decimalsMin, decimalsMax: decimalsMax, grouped: false)
                + "E" + sign + digits
        } else {
            number = fixed(scaled, integerZeros: integerZeros, decimalsMin: decimalsMin, decimalsMax: decimalsMax, grouped: grouped)
        }
        if signed, number.contains(where: { $0.isNumber && $0 != "0" }) { number = "-" + number }

        var out = ""
        for (position, token) in section.enumerated() {
            if position == firstDigit { out += number }
            if position >= firstDigit && position < trailing { continue }
            switch token {
            case .literal(let text): out += text
            case .percent: out += "%"
            case .thousands, .decimalPoint: break
            case .digit, .exponent, .general, .date: break
            }
        }
        return out
    }

    /// `value` with between `decimalsMin` and `decimalsMax` decimals, at least `integerZeros` integer digits.
    static func fixed(_ value: Double, integerZeros: Int, decimalsMin: Int, decimalsMax: Int, grouped: Bool) -> String {
        // Round half away from zero, as Excel does, on the decimal text (not the binary value's own digits).
        var source = Decimal(string: String(format: "%.15g", value)) ?? Decimal(value)
        var result = Decimal()
        NSDecimalRound(&result, &source, decimalsMax, .plain)
        let text = NSDecimalNumber(decimal: result).stringValue
        var integer = text
        var fraction = ""
        if let point = text.firstIndex(of: ".") {
            integer = String(text[..<point])
            fraction = String(text[text.index(after: point)...])
        }
        while fraction.count < decimalsMin { fraction += "0" }
        while fraction.count > decimalsMin, fraction.hasSuffix("0") { fraction.removeLast() }
        if integer == "0", integerZeros == 0 { integer = "" }
        while integer.count < integerZeros { integer = "0" + integer }
        if grouped, integer.count > 3 {
            var groups: [Substring] = []
            var end = integer.endIndex
            while end > integer.startIndex {
                let start = integer.index(end, offsetBy: -3, limitedBy: integer.startIndex) ?? integer.startIndex
                groups.insert(integer[start..<end], at: 0)
                end = start
            }
            integer = groups.joined(separator: ",")
        }
        // `#` shows nothing for zero, as Excel does; `0` shows the digit.
        return fraction.isEmpty ? integer : integer + "." + fraction
    }

    // MARK: Dates

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let fullMonthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]
    static let weekdayNames = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"]

    static func formatDate(_ serial: Double, _ section: [Token]) -> String? {
        guard serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        // Serial 0 is Excel's 1900-01-00, a time of day only: its date parts are never meant to be shown.
        guard let date = days == 0 ? CalendarDate(year: 1900, month: 1, day: 1) : calendarDate(serialDay: days) else { return nil }
        let hour = seconds / 3600, minute = seconds / 60 % 60, second = seconds % 60
        let twelveHour = section.contains { $0 == .date("AM/PM") || $0 == .date("上午/下午") }
        // An `m` is minutes right after an hour or right before a second, months elsewhere.
        let parts = section.enumerated().compactMap { index, token -> (Int, String)? in
            if case .date(let part) = token { (index, part) } else { nil }
        }
        var out = ""
        for (position, token) in section.enumerated() {
            switch token {
            case .literal(let text): out += text
            case .date(let part):
                let order = parts.firstIndex { $0.0 == position }!
                let previous = order > 0 ? parts[order - 1].1 : ""
                let next = order + 1 < parts.count ? parts[order + 1].1 : ""
                let isMinute = part.hasPrefix("m") && part.count <= 2
                    && (previous.hasPrefix("h") || previous.hasPrefix("[h") || next.hasPrefix("s"))
                out += datePart(part, isMinute: isMinute, date: date, hour: hour, minute: minute, second: second,
                    twelveHour: twelveHour, serialDays: days, totalSeconds: Int((serial * 86_400).rounded()))
            case .digit(let kind):
                // `ss.0`: tenths of a second.
                if kind == "0" { out += "0" }
            case .decimalPoint: out += "."
            case .percent: out += "%"
            case .thousands: out += ","
            case .exponent, .general: break
            }
        }
        return out
    }

    /// The day of an Excel serial (the 1900 date system: serial 1 is 1900-01-01, and Excel counts a 29 February
    /// 1900 that did not exist, shown here as the 28th).
    public static func calendarDate(serialDay days: Int) -> CalendarDate? {
        guard days >= 1 else { return nil }
        if days == 60 { return CalendarDate(year: 1900, month: 2, day: 28) }
        // After the phantom day, serial 25569 is 1970-01-01.
        return CalendarDate(daysSince1970: Int64((days > 60 ? days - 1 : days) - 25568))
    }

    static func datePart(
        _ part: String, isMinute: Bool, date: CalendarDate, hour: Int, minute: Int, second: Int, twelveHour: Bool,
        serialDays: Int, totalSeconds: Int
    ) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        switch part {
        case "AM/PM": return hour < 12 ? "AM" : "PM"
        case "上午/下午": return hour < 12 ? "上午" : "下午"
        case "[h]", "[hh]": return String(totalSeconds / 3600)
        case "[m]", "[mm]": return String(totalSeconds / 60)
        case "[s]", "[ss]": return String(totalSeconds)
        default: break
        }
        let width = part.count
        switch part.first {
        case "y": return width <= 2 ? padded(date.year % 100, 2) : String(date.year)
        case "m" where isMinute: return padded(minute, width)
        case "m":
            switch width {
            case 1, 2: return padded(date.month, width)
            case 3: return monthNames[date.month - 1]
            case 5: return String(fullMonthNames[date.month - 1].prefix(1))
            default: return fullMonthNames[date.month - 1]
            }
        case "d":
            if width <= 2 { return padded(date.day, width) }
            let weekday = ((serialDays % 7) + 6) % 7  // serial 1 (1900-01-01) was a Sunday in Excel's count
            return width == 3 ? String(weekdayNames[weekday].suffix(1)) : weekdayNames[weekday]
        case "h":
            let shown = twelveHour ? (hour % 12 == 0 ? 12 : hour % 12) : hour
            return padded(shown, min(width, 2))
        case "s": return padded(second, min(width, 2))
        default: return part
        }
    }
}
