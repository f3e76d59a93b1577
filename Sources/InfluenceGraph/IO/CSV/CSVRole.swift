/// What a CSV file of an export holds: customers, follows or referrals.
///
/// A role names the fields its loader reads (`fields`), the first
/// `requiredCount` of them required, and the file name a data directory uses.
public enum CSVRole: String, CaseIterable, Sendable, CustomStringConvertible {
    /// One row per customer: `id`, optional `name`, `spend`, `orders`, `segment`.
    case customers
    /// One row per follow: `follower`, `followee`, optional `weight`.
    case follows
    /// One row per referral: `referrer`, `referee`, optional `time`, `revenue`.
    case referrals

    /// The fields the loader reads, required ones first, in the order it reads them.
    public var fields: [CSVField] {
        switch self {
        case .customers: [.id, .name, .spend, .orders, .segment]
        case .follows: [.follower, .followee, .weight]
        case .referrals: [.referrer, .referee, .time, .revenue]
        }
    }

    /// How many of `fields`, from the first, a file must have.
    public var requiredCount: Int { self == .customers ? 1 : 2 }

    /// The file of this role in a data directory: `customers.csv`, `follows.csv`, `referrals.csv`.
    public var fileName: String { rawValue + ".csv" }

    public var description: String { rawValue }
}

/// A field a CSV loader reads, written `ROLE.FIELD` (`customers.id`).
///
/// Field names are unique across roles, so a field knows its role.
public enum CSVField: String, CaseIterable, Sendable, CustomStringConvertible {
    case id, name, spend, orders, segment
    case follower, followee, weight
    case referrer, referee, time, revenue

    /// The role whose files hold this field.
    public var role: CSVRole {
        switch self {
        case .id, .name, .spend, .orders, .segment: .customers
        case .follower, .followee, .weight: .follows
        case .referrer, .referee, .time, .revenue: .referrals
        }
    }

    /// Whether every file of the role must have this field.
    public var isRequired: Bool { role.fields.prefix(role.requiredCount).contains(self) }

    /// `ROLE.FIELD`, as `--columns` spells it: `customers.id`.
    public var description: String { "\(role).\(rawValue)" }

    /// The field `ROLE.FIELD` names, or `nil`.
    public init?(qualifiedName: String) {
        guard let dot = qualifiedName.firstIndex(of: "."),
              let role = CSVRole(rawValue: String(qualifiedName[..<dot])),
              let field = CSVField(rawValue: String(qualifiedName[qualifiedName.index(after: dot)...])),
              field.role == role else { return nil }
        self = field
    }
}
