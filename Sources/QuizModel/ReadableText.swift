import Foundation

/// Text for people rather than machines: questions by a short stem instead of their hash id, instants in local
/// time instead of ISO 8601. Ids and ISO times stay in the machine-readable files.
public enum ReadableText {
    /// The first `characters` characters of `text` on one line, with `…` when it was cut.
    public static func excerpt(_ text: String, characters: Int = 24) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return line.count <= characters ? line : String(line.prefix(characters)) + "…"
    }

    /// An ISO 8601 instant (`2026-12-02T06:18:18.862964Z`) in the local time zone as a person reads it:
    /// `12月2日 14:18` (`Dec 2, 14:18`), with the year when it is not the year of `now`. Text that does not parse is
    /// returned as it is.
    public static func localTime(_ iso: String, language: DisplayLanguage, now: Date = Date(), timeZone: TimeZone = .current) -> String {
        guard let date = parseISO(iso) else { return iso }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let thisYear = calendar.component(.year, from: now)
        let time = String(format: "%02d:%02d", parts.hour!, parts.minute!)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        if parts.year == thisYear {
            return language.pick("\(parts.month!)月\(parts.day!)日 \(time)", "\(months[parts.month! - 1]) \(parts.day!), \(time)")
        }
        return language.pick("\(parts.year!)年\(parts.month!)月\(parts.day!)日 \(time)", "\(months[parts.month! - 1]) \(parts.day!) \(parts.year!), \(time)")
    }

    /// `2026-12-02T06:18:18.862964Z`, with or without fractional seconds or an offset.
    static func parseISO(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
