#if canImport(Glibc)
import Glibc
#endif

/// Runs the programs the benchmark measures from outside (the CLI, a browser).
enum ChildProcess {
    /// Runs `arguments` with stdout to a file and stderr dropped; returns the exit
    /// status and the child's peak resident memory in kilobytes.
    ///
    /// `posix_spawn` starts the child on this process's memory (vfork), and Linux
    /// folds that memory's high-water mark into the child's `ru_maxrss` at `exec`,
    /// so after this process has held gigabytes, `ru_maxrss` says more about us than
    /// about the child. Its own high-water mark (`VmHWM`) is read while it runs; the
    /// larger figure is taken only when it exceeds what we held.
    static func run(_ arguments: [String], stdout: String) -> (status: Int32, maxKB: Int) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let ours = highWaterKB(of: "self")
        var pid = pid_t()
        guard posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ) == 0 else { return (-1, 0) }
        var status: Int32 = 0
        var usage = rusage()
        var polled = 0
        while true {
            let done = wait4(pid, &status, WNOHANG, &usage)
            if done == pid { break }
            if done < 0 && errno != EINTR { return (-1, polled) }
            polled = max(polled, highWaterKB(of: "\(pid)"))
            usleep(5_000)
        }
        let reported = Int(usage.ru_maxrss)
        return ((status >> 8) & 0xFF, reported > ours ? reported : polled)
    }

    /// `VmHWM` of `/proc/<process>/status` in kilobytes, or 0 when it cannot be read.
    static func highWaterKB(of process: String) -> Int {
        let fd = open("/proc/\(process)/status", O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        let text = String(decoding: bytes[0 ..< count], as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.dropFirst(6).filter(\.isNumber)) ?? 0
    }
}
