/// 学时 in exact fixed point: whole 1/30,000ths of an hour. Every credit the rules can give is a whole number of
/// them — hours with up to four decimals, minutes with up to two (÷ 60), days × `hoursPerDay` with up to four
/// decimals between them — so sums, caps and requirements compare exactly: a hundred courses of 0.1 学时 make
/// 10 学时, not 9.999999999999998, and 50 学时 of online study meets a 50 学时 line.
public struct CreditHours: Hashable, Comparable, Sendable, AdditiveArithmetic {
    /// Units per 学时: 10,000 (four decimals) × 3, which with four decimals also holds minutes / 60 to 0.01 minute.
    public static let perHour: Int64 = 30_000
    /// The most decimals an amount of hours may be written with; minutes and days take `minuteDecimals`.
    public static let hourDecimals = 4
    public static let minuteDecimals = 2

    public var units: Int64

    public init(units: Int64) { self.units = units }

    /// The fixed-point value nearest to `hours` (exact for every amount the rules and tables accept: they are read
    /// with at most `hourDecimals` decimals, so the binary value is within a hair of a whole unit).
    public init(_ hours: Double) {
        let scaled = (hours * Double(Self.perHour)).rounded()
        units = scaled.isFinite && abs(scaled) < 9e18 ? Int64(scaled) : (scaled < 0 ? Int64.min / 2 : Int64.max / 2)
    }

    /// The nearest binary floating-point value (what reports print and `--json` carries).
    public var hours: Double { Double(units) / Double(Self.perHour) }

    public static var zero: CreditHours { CreditHours(units: 0) }
    public static func + (a: CreditHours, b: CreditHours) -> CreditHours { CreditHours(units: a.units &+ b.units) }
    public static func - (a: CreditHours, b: CreditHours) -> CreditHours { CreditHours(units: a.units &- b.units) }
    public static func < (a: CreditHours, b: CreditHours) -> Bool { a.units < b.units }
}
