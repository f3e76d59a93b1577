/// Placeholder until the snapshot container lands.
enum SnapshotFile {
    static func hasMagic(_ path: String) -> Bool { false }
    static func read(_ path: String, threads: Int) throws(InputError) -> CustomerGraph {
        throw InputError(file: path, message: "snapshots are not supported yet")
    }
}
