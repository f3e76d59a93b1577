#if canImport(Glibc)
import Glibc
#endif

/// Runs the programs the benchmark measures from outside (the CLI, a browser).
enum ChildProcess {
    /// Runs `arguments` with stdout to a file and stderr dropped; returns the exit
    /// status and the child's peak resident memory in kilobytes.
    static func run(_ arguments: [String], stdout: String) -> (status: Int32, maxKB: Int) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        guard posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ) == 0 else { return (-1, 0) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return ((status >> 8) & 0xFF, Int(usage.ru_maxrss))
    }
}
