import Foundation

/// `day_of_week`, `hour`, … : calendar fields (UTC) of a value read as seconds since the epoch.
enum TimeFunctions {
    typealias Function = @Sendable (Double) -> Double

    static let table: [String: Function] = [
        "minute": { field($0, .minute) },
        "hour": { field($0, .hour) },
        "day_of_week": { field($0, .weekday) - 1 },
        "day_of_month": { field($0, .day) },
        "day_of_year": { field($0, .dayOfYear) },
        "month": { field($0, .month) },
        "year": { field($0, .year) },
        "days_in_month": { seconds in
            guard let date = date(seconds), let range = calendar.range(of: .day, in: .month, for: date) else { return .nan }
            return Double(range.count)
        },
    ]

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func date(_ seconds: Double) -> Date? {
        seconds.isFinite ? Date(timeIntervalSince1970: Double(Int64(seconds))) : nil
    }

    static func field(_ seconds: Double, _ component: Calendar.Component) -> Double {
        guard let date = date(seconds) else { return .nan }
        return Double(calendar.component(component, from: date))
    }
}
