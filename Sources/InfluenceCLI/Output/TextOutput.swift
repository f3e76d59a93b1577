@_spi(Tooling) import InfluenceGraph
#if canImport(Glibc)
import Glibc
#endif

/// A buffered text stream: a real file descriptor (stdout, stderr) or an in-memory
/// capture for tests. Results are written once, in large blocks.
struct TextOutput {
    private(set) var captured = ""
    let descriptor: Int32?

    /// Writes to `descriptor` when flushed.
    init(descriptor: Int32) { self.descriptor = descriptor }
    /// Keeps everything in `captured`.
    init() { descriptor = nil }

    mutating func write(_ text: String) {
        captured += text
        if descriptor != nil, captured.utf8.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard let descriptor, !captured.isEmpty else { return }
        var text = captured
        text.withUTF8 { bytes in
            // A stream that fails (a closed pipe) loses its output; the exit code still tells.
            var failure: Int32 = 0
            _ = FileTransfer.write(descriptor, UnsafeRawBufferPointer(bytes), failure: &failure)
        }
        captured = ""
    }

    /// Whether this stream is a terminal (progress is drawn only then).
    var isTerminal: Bool { descriptor.map { isatty($0) == 1 } ?? false }
}
