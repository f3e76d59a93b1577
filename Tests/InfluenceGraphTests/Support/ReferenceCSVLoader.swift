@_spi(Tooling) @testable import InfluenceGraph

// The one-row-at-a-time CSV loader the parallel one replaced, kept as the oracle:
// the parallel loader must build the same graph, bit for bit, and report the same
// errors at the same lines.

/// Loads a directory of `customers.csv`, `follows.csv`, `referrals.csv` serially.
struct ReferenceCSVLoader {
    var options: LoadOptions
    /// The field delimiter, and the columns mapped to fields (the rest found by name or alias).
    var delimiter = UInt8(ascii: ",")
    var columns = CSVColumnMapping()

    static let customerFile = "customers.csv"
    static let followFile = "follows.csv"
    static let referralFile = "referrals.csv"

    /// Reads the files that exist into a builder.
    ///
    /// - Throws: `InputError` naming the file and line of the first bad row (unless
    ///   `skipBadRows`), or when the directory holds none of the three files.
    func load(directory: String) throws(InputError) -> GraphBuilder {
        var builder = GraphBuilder()
        let paths = [Self.customerFile, Self.followFile, Self.referralFile].map { joinPath(directory, $0) }
        guard paths.contains(where: FileBytes.exists) else {
            throw InputError(file: directory, message: "holds none of customers.csv, follows.csv, referrals.csv")
        }
        if FileBytes.exists(paths[0]) { try withFile(paths[0]) { raw throws(InputError) in try loadCustomers(raw, name: paths[0], into: &builder) } }
        if FileBytes.exists(paths[1]) { try withFile(paths[1]) { raw throws(InputError) in try loadFollows(raw, name: paths[1], into: &builder) } }
        if FileBytes.exists(paths[2]) { try withFile(paths[2]) { raw throws(InputError) in try loadReferrals(raw, name: paths[2], into: &builder) } }
        return builder
    }

    /// Calls `body` with the whole contents of the file at `path`.
    func withFile(_ path: String, _ body: (UnsafeRawBufferPointer) throws(InputError) -> Void) throws(InputError) {
        let data = try FileBytes.read(path)
        try data.withUnsafeBytes { raw in Result { () throws(InputError) in try body(raw) } }.get()
    }

    // MARK: - Files
    //
    // Each loader reads one file's contents from memory; `name` stands for the
    // file in error messages. `load(directory:)` passes file contents, tests and
    // the fuzz targets pass bytes they made.

    /// Reads `customers.csv` contents into `builder`.
    func loadCustomers(_ contents: UnsafeRawBufferPointer, name path: String, into builder: inout GraphBuilder) throws(InputError) {
        var seen: [Bool] = []
        var segments: [String: UInt32] = [:]
        builder.attributes.hasCustomerRow = []
        try readRows(contents, name: path, role: .customers, builder: &builder) {
            (row: ReferenceCSVRow, builder: inout GraphBuilder) throws(RowError) in
            if row.has("name"), builder.attributes.nameBytes == nil { builder.attributes.nameBytes = []; builder.attributes.nameOffsets = [0] }
            if row.has("spend"), builder.attributes.spend == nil { builder.attributes.spend = [] }
            if row.has("orders"), builder.attributes.orders == nil { builder.attributes.orders = [] }
            if row.has("segment"), builder.attributes.segmentCodes == nil { builder.attributes.segmentCodes = [] }
            // Validate every field before touching the builder, so a skipped row leaves no trace.
            let spend = try row.number("spend", allowNegative: false) ?? 0
            let orders = try row.count("orders") ?? 0
            let idBytes = try row.id("id")
            if let existing = builder.customers.index(of: idBytes), existing < seen.count, seen[existing] {
                throw RowError("duplicate customer id \(InputError.quote(idBytes))")
            }
            let index = Int(try builder.intern(idBytes))
            builder.attributes.padToCount(index)
            if seen.count <= index { seen.append(contentsOf: repeatElement(false, count: index + 1 - seen.count)) }
            seen[index] = true
            builder.report.customerRows += 1
            builder.attributes.hasCustomerRow!.append(true)
            if builder.attributes.nameBytes != nil {
                builder.attributes.nameBytes!.append(contentsOf: row.field("name") ?? UnsafeRawBufferPointer(start: nil, count: 0))
                builder.attributes.nameOffsets!.append(builder.attributes.nameBytes!.count)
            }
            if builder.attributes.spend != nil { builder.attributes.spend!.append(spend) }
            if builder.attributes.orders != nil { builder.attributes.orders!.append(orders) }
            if builder.attributes.segmentCodes != nil {
                var code: UInt32 = 0
                if let label = row.field("segment"), label.count > 0 {
                    let name = String(decoding: label, as: UTF8.self)
                    if let known = segments[name] { code = known } else {
                        code = UInt32(builder.attributes.segmentNames.count)
                        builder.attributes.segmentNames.append(name)
                        segments[name] = code
                    }
                }
                builder.attributes.segmentCodes!.append(code)
            }
        }
    }

    /// Reads `follows.csv` contents into `builder`.
    func loadFollows(_ contents: UnsafeRawBufferPointer, name path: String, into builder: inout GraphBuilder) throws(InputError) {
        try readRows(contents, name: path, role: .follows, builder: &builder) {
            (row: ReferenceCSVRow, builder: inout GraphBuilder) throws(RowError) in
            let weight = try row.number("weight", allowNegative: false)
            let follower = try row.id("follower"), followee = try row.id("followee")
            try builder.validate(follower, followee)
            let a = try builder.intern(follower), b = try builder.intern(followee)
            builder.addFollow(a, b, weight: row.has("weight") ? (weight ?? 1) : nil)
        }
    }

    /// Reads `referrals.csv` contents into `builder`.
    func loadReferrals(_ contents: UnsafeRawBufferPointer, name path: String, into builder: inout GraphBuilder) throws(InputError) {
        try readRows(contents, name: path, role: .referrals, builder: &builder) {
            (row: ReferenceCSVRow, builder: inout GraphBuilder) throws(RowError) in
            let time = try row.time("time")
            let revenue = try row.number("revenue", allowNegative: false)
            let referrer = try row.id("referrer"), referee = try row.id("referee")
            try builder.validate(referrer, referee)
            let a = try builder.intern(referrer), b = try builder.intern(referee)
            builder.addReferral(a, b, time: time, revenue: revenue,
                                hasTimeColumn: row.has("time"), hasRevenueColumn: row.has("revenue"))
        }
    }

    // MARK: - Rows

    /// Reads CSV contents with a header, binding columns to `role`'s fields, and calls `body` per row.
    func readRows(
        _ raw: UnsafeRawBufferPointer, name path: String, role: CSVRole, builder: inout GraphBuilder,
        _ body: (ReferenceCSVRow, inout GraphBuilder) throws(RowError) -> Void
    ) throws(InputError) {
        var failure: InputError?
        // Records the first fatal problem in `failure` and returns.
        func scan() {
            var reader = ReferenceCSVReader(raw, delimiter: delimiter)
            do throws(ReferenceCSVReader.Failure) {
                guard try reader.nextRecord() else {
                    let required = role.fields.prefix(role.requiredCount).map(\.rawValue)
                    failure = InputError(file: path, line: 1, message: "empty file: expected a header row naming the columns \(required.joined(separator: ", "))")
                    return
                }
                let header = (0..<reader.fieldCount).map { String(decoding: reader.field($0), as: UTF8.self) }
                let bound: [Int]
                do throws(CSVColumnBinding.Problem) {
                    bound = try CSVHeader.bind(header, role: role, mapping: columns, delimiter: delimiter).columns
                } catch {
                    failure = InputError(file: path, line: reader.recordLine, message: error.message)
                    return
                }
                let names = role.fields.map(\.rawValue)
                while try reader.nextRecord() {
                    let row = ReferenceCSVRow(reader: reader, names: names, columns: bound)
                    do throws(RowError) {
                        try body(row, &builder)
                    } catch {
                        let problem = InputError(file: path, line: reader.recordLine, message: error.message)
                        if error.fatal || !options.skipBadRows { failure = problem; return }
                        builder.report.recordBadRow(problem)
                    }
                }
            } catch {
                let problem = InputError(file: path, line: error.line, message: error.message)
                if !options.skipBadRows { failure = problem; return }
                // A malformed quote makes the rest of the file unreadable: record it and stop this file.
                builder.report.recordBadRow(problem)
            }
        }
        scan()
        if let failure { throw failure }
    }
}

/// One CSV row with its columns bound by name.
struct ReferenceCSVRow {
    let reader: ReferenceCSVReader
    let names: [String]
    let columns: [Int]

    /// Whether the file has this column at all.
    func has(_ name: String) -> Bool {
        guard let i = names.firstIndex(of: name) else { return false }
        return columns[i] >= 0
    }

    /// The field's bytes, or `nil` when the file lacks the column.
    func field(_ name: String) -> UnsafeRawBufferPointer? {
        guard let i = names.firstIndex(of: name), columns[i] >= 0 else { return nil }
        guard columns[i] < reader.fieldCount else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return reader.field(columns[i])
    }

    /// A required id: present, non-empty, valid UTF-8.
    func id(_ name: String) throws(RowError) -> UnsafeRawBufferPointer {
        guard let i = names.firstIndex(of: name), columns[i] < reader.fieldCount else {
            throw RowError("missing field '\(name)' (the row has \(reader.fieldCount) field\(reader.fieldCount == 1 ? "" : "s"))")
        }
        let bytes = reader.field(columns[i])
        guard bytes.count > 0 else { throw RowError("empty \(name) id") }
        return bytes
    }

    /// An optional decimal number: `nil` when the column is absent or the field empty.
    func number(_ name: String, allowNegative: Bool) throws(RowError) -> Double? {
        guard let raw = field(name) else { return nil }
        let bytes = raw.trimmingASCIIWhitespace()
        guard bytes.count > 0 else { return nil }
        guard let value = bytes.withMemoryRebound(to: UInt8.self, { NumberParsing.double($0.baseAddress!, $0.count) }) else {
            throw RowError("\(name) is not a number (\(InputError.quote(bytes)))")
        }
        guard value.isFinite else { throw RowError("\(name) is out of range (\(InputError.quote(bytes)))") }
        if !allowNegative, value < 0 { throw RowError("\(name) must not be negative (\(InputError.quote(bytes)))") }
        return value == 0 ? 0 : value  // folds -0 into 0
    }

    /// An optional non-negative integer count.
    func count(_ name: String) throws(RowError) -> Int64? {
        guard let raw = field(name) else { return nil }
        let bytes = raw.trimmingASCIIWhitespace()
        guard bytes.count > 0 else { return nil }
        guard let value = Int64(decimal: bytes), value >= 0 else {
            throw RowError("\(name) is not a whole number of at least 0 (\(InputError.quote(bytes)))")
        }
        return value
    }

    /// An optional time (ISO 8601 or unix seconds) as unix seconds.
    func time(_ name: String) throws(RowError) -> Int64? {
        guard let raw = field(name) else { return nil }
        let bytes = raw.trimmingASCIIWhitespace()
        guard bytes.count > 0 else { return nil }
        guard let value = Timestamp.parse(bytes) else {
            throw RowError("\(name) is not an ISO 8601 date/time or unix seconds (\(InputError.quote(bytes)))")
        }
        // 1900-01-01T00:00:00Z ... 9999-12-31T23:59:59Z, spelled out rather than read from the library.
        guard value >= -2_208_988_800 && value <= 253_402_300_799 else {
            throw RowError("\(name) out of range (\(InputError.quote(bytes))): times must lie from 1900-01-01T00:00:00Z to 9999-12-31T23:59:59Z")
        }
        return value
    }
}

