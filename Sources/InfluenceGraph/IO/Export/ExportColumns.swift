/// The columns of each exported table, in file order, with their types: the one
/// place the Spark headers, `schema.json` and the Neo4j headers come from.
enum ExportColumns {
    /// A column type, named as Spark's JSON schema and Neo4j's typed headers name it.
    enum ColumnType: String {
        case long, double, string, timestamp

        /// The suffix of a Neo4j header field (`spend:double`); strings carry none.
        var neo4jSuffix: String {
            switch self {
            case .long: return ":long"
            case .double: return ":double"
            case .string: return ""
            case .timestamp: return ":datetime"
            }
        }
    }

    struct Column {
        var name: String
        var type: ColumnType
        var nullable = true
    }

    /// `id` (the dense index), `customer` (the original id), the attributes, and the
    /// advocate columns when `scores`.
    static func customers(scores: Bool) -> [Column] {
        var columns = [Column(name: "id", type: .long, nullable: false), Column(name: "customer", type: .string, nullable: false),
                       Column(name: "name", type: .string), Column(name: "spend", type: .double),
                       Column(name: "orders", type: .long), Column(name: "segment", type: .string)]
        if scores {
            columns += [Column(name: "pagerank", type: .double), Column(name: "advocate", type: .double),
                        Column(name: "profile", type: .string)]
        }
        return columns
    }

    static let follows = [Column(name: "src", type: .long, nullable: false), Column(name: "dst", type: .long, nullable: false),
                          Column(name: "weight", type: .double)]

    static let referrals = [Column(name: "src", type: .long, nullable: false), Column(name: "dst", type: .long, nullable: false),
                            Column(name: "time", type: .timestamp), Column(name: "revenue", type: .double),
                            Column(name: "row", type: .long, nullable: false)]

    /// The Spark header line: the column names.
    static func sparkHeader(_ columns: [Column]) -> String {
        columns.map(\.name).joined(separator: ",") + "\n"
    }

    /// The Neo4j node header: the customer id as `customerId:ID(Customer)`, then typed
    /// properties (the dense index is left out: Neo4j keys nodes by the id).
    static func neo4jNodeHeader(_ columns: [Column]) -> String {
        let properties = columns.dropFirst(2).map { $0.name + $0.type.neo4jSuffix }
        return (["customerId:ID(Customer)"] + properties).joined(separator: ",") + "\n"
    }

    /// A Neo4j relationship header: start, end and type, then typed properties.
    static func neo4jRelationshipHeader(_ columns: [Column]) -> String {
        let properties = columns.dropFirst(2).map { $0.name + $0.type.neo4jSuffix }
        return ([":START_ID(Customer)", ":END_ID(Customer)", ":TYPE"] + properties).joined(separator: ",") + "\n"
    }

    /// Spark's JSON form of a schema (`StructType.fromJson` reads it).
    static func sparkSchemaJSON(_ columns: [Column]) -> String {
        let fields = columns.map {
            "{\"name\":\"\($0.name)\",\"type\":\"\($0.type.rawValue)\",\"nullable\":\($0.nullable),\"metadata\":{}}"
        }
        return "{\"type\":\"struct\",\"fields\":[" + fields.joined(separator: ",") + "]}"
    }

    /// Spark's DDL form of a schema (`spark.read.schema("id BIGINT, …")`).
    static func sparkDDL(_ columns: [Column]) -> String {
        columns.map { column in
            let type: String
            switch column.type {
            case .long: type = "BIGINT"
            case .double: type = "DOUBLE"
            case .string: type = "STRING"
            case .timestamp: type = "TIMESTAMP"
            }
            return "`\(column.name)` \(type)"
        }.joined(separator: ", ")
    }
}
