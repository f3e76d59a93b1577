/// Placeholder until the snapshot container lands.
enum SnapshotFile {
    static func hasMagic(_ path: String) -> Bool { false }
    static func read(_ path: String, threads: Int) throws(InputError) -> CustomerGraph {
        throw InputError(file: path, message: "snapshots are not supported yet")
    }
}

extension CustomerGraph {
    /// Writes the graph as a snapshot (placeholder until the snapshot format lands).
    public func writeSnapshot(to path: String, threads: Int = Threads.available) throws(InputError) {
        throw InputError(file: path, message: "snapshots are not supported yet")
    }
}
