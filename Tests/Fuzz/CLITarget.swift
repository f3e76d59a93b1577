// Fuzz target for the whole command line: the input becomes an argument vector for
// any command plus a tiny data directory, the CLI runs in process (InfluenceCLI.run
// with in-memory streams), and the run must end as the CLI promises.
//
// Input: parts separated by 0x01 —
//   1. the arguments, one per line ('\n'); `@D` stands for the data directory,
//      `@F` for the extra file, `@O` for an existing output file, `@N` for a new path;
//   2.-4. customers.csv, follows.csv, referrals.csv of the data directory (an empty
//      or missing part leaves the file out);
//   5. the extra file (an id list, seed sets, candidates, an edge list…).
// Everything lives in a scratch directory that is the working directory, and the data
// directory is `fixtures/demo` inside it, so a command without a source reads it too.
// A word holding '/', "..", or NUL is not a path this harness lets the CLI touch (NUL
// cannot be in a real argument either): such inputs are skipped.
//
// Checks: the exit code is 0, 1 or 64; on 1 or 64 stdout is empty and stderr is the
// documented notes (if any), then one `Error: …` line, then for 64 the usage and
// "See … --help" lines; no trap; afterwards every file in the scratch directory holds
// either what it held before or a complete output (a snapshot that reads back, an SVG
// or HTML page with its closing tag, an R-MAT list with every edge line, a generated
// CSV directory that loads), and no `*.tmp-*` file is left.
//
// Costly but valid values are lowered so one input runs in milliseconds: see `caps`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scratch directory, made once per process; the fuzzer's working directory.
let cliScratch: String = {
    var template = Array("/tmp/influence-fuzz-cli-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else {
        printError("cannot make a scratch directory")
        exit(2)
    }
    let path = String(cString: made)
    guard chdir(path) == 0 else {
        printError("cannot enter \(path)")
        exit(2)
    }
    return path
}()

enum CLIFuzz {
    static let dataDirectory = "fixtures/demo"
    static let extraFile = "extra.txt"
    static let oldOutput = "out/old.txt"
    static let newOutput = "out/new"
    static let oldContent = Array("OLD CONTENT\n".utf8)
    /// FUZZ_VERBOSE=1 prints each call with its exit code and streams (for replaying an input).
    static let verbose = getenv("FUZZ_VERBOSE") != nil

    /// Valid values above these (below, for epsilon) are lowered to them: each would
    /// only make a run slower, never reach other code.
    static let caps: [String: Double] = [
        "runs": 64, "rr-memory": 2, "max-iterations": 200, "iterations": 200, "scale": 7, "edge-factor": 4,
        "customers": 300, "threads": 3, "seeds-k": 8, "k": 64, "followers": 64,
    ]
    static let epsilonFloor = 0.2

    /// Options added when absent, for the same reason (the defaults suit real data).
    static let added: [String: [(String, String)]] = [
        "seeds": [("rr-memory", "2"), ("epsilon", "0.3")],
        "report": [("rr-memory", "2"), ("epsilon", "0.3")],
        "reach": [("runs", "64")],
        "generate": [("scale", "7")],
    ]

    /// Notes a command may print on stderr before its error.
    static func isNote(_ line: Substring) -> Bool {
        line.hasPrefix("No source given: using the bundled demo data in ")
            || line.contains(": read as a 'nodes edges' header (the next line has more columns) and skipped")
            || line == "No cost column given: every candidate costs 1"
            || (line.hasPrefix("Read ") && line.contains("; delimiter ") && line.contains("; encoding "))
    }
}

func fuzzCLI(_ raw: UnsafeRawBufferPointer) {
    _ = cliScratch
    let parts = Array(raw).split(separator: 0x01, maxSplits: 4, omittingEmptySubsequences: false).map { Array($0) }
    guard let argumentBytes = parts.first else { return }
    var words = argumentBytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    if words.last == "" { words.removeLast() }
    for word in words where word.contains("/") || word.contains("..") || word.contains("\0") { return }
    words = words.map(expandPlaceholders)
    words = lowerCosts(words)

    removeContents(of: cliScratch)
    makeDirectory("fixtures")
    makeDirectory(CLIFuzz.dataDirectory)
    makeDirectory("out")
    for (i, name) in ["customers.csv", "follows.csv", "referrals.csv"].enumerated() where i + 1 < parts.count && !parts[i + 1].isEmpty {
        writeFile(CLIFuzz.dataDirectory + "/" + name, parts[i + 1])
    }
    writeFile(CLIFuzz.extraFile, parts.count > 4 ? parts[4] : [])
    writeFile(CLIFuzz.oldOutput, CLIFuzz.oldContent)
    let before = snapshotFiles()

    var out = TextOutput(), err = TextOutput()
    let code = InfluenceCLI.run(arguments: words, stdout: &out, stderr: &err)
    let call = words.map { "'\($0)'" }.joined(separator: " ")

    if CLIFuzz.verbose {
        printError("$ influence \(call)\n-> exit \(code)\n--- stdout\n\(out.captured.prefix(2_000))--- stderr\n\(err.captured.prefix(2_000))")
    }
    require(code == 0 || code == 1 || code == 64, "exit code \(code) for \(call)")
    if code != 0 { checkErrorOutput(code: code, out: out.captured, err: err.captured, call: call) }
    checkFiles(before: before, call: call)
}

func expandPlaceholders(_ word: String) -> String {
    var w = word
    for (mark, path) in [("@D", CLIFuzz.dataDirectory), ("@F", CLIFuzz.extraFile), ("@O", CLIFuzz.oldOutput), ("@N", CLIFuzz.newOutput)] {
        w = w.replacingMark(mark, with: path)
    }
    return w
}

extension String {
    /// `self` with every occurrence of `mark` (two characters or more) replaced.
    func replacingMark(_ mark: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: mark) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

/// Lowers costly values within their ranges and adds cheap defaults (see `CLIFuzz.caps`).
func lowerCosts(_ words: [String]) -> [String] {
    guard let name = words.first, let command = CommandList.all.first(where: { $0.spec.name == name }) else { return words }
    let spec = command.spec
    var result = words
    var given = Set<String>()
    var i = 1
    while i < result.count {
        let word = result[i]
        if word == "--" { break }
        guard word.hasPrefix("--") else { i += 1; continue }
        var optionName = String(word.dropFirst(2))
        var inline: String?
        if let eq = optionName.firstIndex(of: "=") {
            inline = String(optionName[optionName.index(after: eq)...])
            optionName = String(optionName[..<eq])
        }
        given.insert(optionName)
        guard let option = spec.option(named: optionName), !option.isFlag else { i += 1; continue }
        let valueIndex = inline == nil ? i + 1 : i
        guard valueIndex < result.count else { break }
        let value = inline ?? result[valueIndex]
        if let lowered = lowered(optionName, value, range: option.range) {
            result[valueIndex] = inline == nil ? lowered : "--\(optionName)=\(lowered)"
        }
        i = valueIndex + 1
    }
    for (option, value) in CLIFuzz.added[name] ?? [] where !given.contains(option) && spec.option(named: option) != nil {
        result.insert("--\(option)=\(value)", at: 1)
    }
    return result
}

/// A cheaper value for `option` when `value` is valid but costly, else `nil`.
func lowered(_ option: String, _ value: String, range: ValueRange?) -> String? {
    guard let number = Double(value), number.isFinite else { return nil }
    if option == "epsilon" {
        guard case .numbers(let r)? = range, r.contains(number), number < CLIFuzz.epsilonFloor else { return nil }
        return String(CLIFuzz.epsilonFloor)
    }
    guard let cap = CLIFuzz.caps[option], number > cap else { return nil }
    switch range {
    case .integers(let r)?: guard let n = Int(value), r.contains(n) else { return nil }
    case .numbers(let r)?: guard r.contains(number) else { return nil }
    case .described?: guard Int(value) != nil, number <= 31 else { return nil }  // --scale: 1 to 31
    case nil: return nil
    }
    return String(Int(cap))
}

/// stdout is empty; stderr is notes, one `Error: ` line, and for a usage error the usage lines.
func checkErrorOutput(code: Int32, out: String, err: String, call: String) {
    require(out.isEmpty, "exit \(code) with output on stdout for \(call): \(out.prefix(200))")
    var lines = err.split(separator: "\n", omittingEmptySubsequences: false)
    require(lines.last == "", "stderr does not end with a newline for \(call): \(err)")
    lines.removeLast()
    guard let e = lines.firstIndex(where: { $0.hasPrefix("Error: ") }) else {
        require(false, "exit \(code) without an 'Error: ' line for \(call): \(err)")
        return
    }
    for line in lines[..<e] { require(CLIFuzz.isNote(line), "stderr starts with '\(line)', not 'Error:', for \(call)") }
    require(lines[e].count > "Error: ".count, "empty error message for \(call)")
    let rest = Array(lines[(e + 1)...])
    if code == 64 {
        require(rest.count == 2 && rest[0].hasPrefix("Usage: influence") && rest[1].hasPrefix("  See 'influence")
                && rest[1].hasSuffix("for more information."), "usage error without its usage lines for \(call): \(err)")
    } else {
        require(rest.isEmpty, "the error spans more than one line for \(call): \(err)")
    }
}

// MARK: - Files

/// Every regular file under the scratch directory with its bytes.
func snapshotFiles() -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    walk(".") { path, isDirectory in
        if !isDirectory { files[path] = (try? FileBytes.read(path)) ?? [] }
    }
    return files
}

/// Nothing half-written: no temporary file, and each file is as it was or a complete output.
func checkFiles(before: [String: [UInt8]], call: String) {
    var generated = Set<String>()
    walk(".") { path, isDirectory in
        require(!path.contains(".tmp-"), "temporary file '\(path)' left behind by \(call)")
        if isDirectory { return }
        let bytes = (try? FileBytes.read(path)) ?? []
        if before[path] == bytes { return }
        if path.hasSuffix(".csv"), let slash = path.lastIndex(of: "/") {
            generated.insert(String(path[..<slash]))  // a generated dataset: checked whole below
            return
        }
        require(isCompleteOutput(bytes, path: path), "'\(path)' is neither its old content nor a complete output after \(call): \(bytes.prefix(80))")
    }
    for directory in generated.sorted() {
        let names = ["customers.csv", "follows.csv", "referrals.csv"]
        require(names.allSatisfy { FileBytes.exists(directory + "/" + $0) }, "'\(directory)' holds part of a generated dataset after \(call)")
        require((try? CustomerGraph.load(from: directory, options: LoadOptions(threads: 1))) != nil,
                "generated dataset '\(directory)' does not load after \(call)")
    }
}

/// Whether `bytes` is a whole file of a kind the CLI writes.
func isCompleteOutput(_ bytes: [UInt8], path: String) -> Bool {
    func ends(_ suffix: String) -> Bool { bytes.count >= suffix.utf8.count && bytes.suffix(suffix.utf8.count).elementsEqual(suffix.utf8) }
    if bytes.starts(with: SnapshotFile.magic) {
        return (try? CustomerGraph.load(from: path, options: LoadOptions(threads: 1))) != nil
    }
    if bytes.starts(with: Array("<svg".utf8)) || bytes.starts(with: Array("<?xml".utf8)) { return ends("</svg>\n") }
    if bytes.starts(with: Array("<!DOCTYPE html".utf8)) { return ends("</html>\n") }
    if bytes.starts(with: Array("# R-MAT".utf8)) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let edgesAt = text.firstRange(of: "Edges: ") else { return false }
        let digits = text[edgesAt.upperBound...].prefix { $0.isNumber }
        guard let edges = Int(digits) else { return false }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        return ends("\n") && lines.filter { !$0.hasPrefix("#") }.count == edges
    }
    return false
}

/// Calls `body` with every path under `root` (directories before their contents).
func walk(_ root: String, _ body: (String, Bool) -> Void) {
    body(root, true)
    guard let dir = opendir(root) else { return }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { names.append(name) }
    }
    closedir(dir)
    for name in names.sorted() {
        let path = root + "/" + name
        if FileBytes.isDirectory(path) { walk(path, body) } else { body(path, false) }
    }
}

/// `rm -rf root/*`.
func removeContents(of root: String) {
    var paths: [(String, Bool)] = []
    walk(root) { path, isDirectory in if path != root { paths.append((path, isDirectory)) } }
    for (path, isDirectory) in paths.reversed() {
        if isDirectory { rmdir(path) } else { unlink(path) }
    }
}

func makeDirectory(_ path: String) {
    require(mkdir(path, 0o755) == 0, "cannot make \(path)")
}

func writeFile(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    require(fd >= 0, "cannot create \(path)")
    var failure: Int32 = 0
    bytes.withUnsafeBytes { _ = FileTransfer.write(fd, $0, failure: &failure) }
    close(fd)
    require(failure == 0, "cannot write \(path)")
}
