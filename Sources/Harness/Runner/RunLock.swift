import Foundation

/// One process per run folder (issue 10): an exclusive `flock` on `<run>/run.lock`, which holds
/// the PID of its holder. The kernel drops the lock when the process ends, however it ends
/// (SIGKILL included), so a stale file never blocks a later `--resume`.
final class RunLock: @unchecked Sendable {
    static let fileName = "run.lock"

    private let descriptor: Int32
    let path: String

    /// Takes the lock on `directory`, or throws ``RunError/runLocked(directory:holder:)`` at once
    /// (never waits) naming the PID written by the process that holds it.
    init(directory: String) throws {
        path = (directory as NSString).appendingPathComponent(Self.fileName)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw RunError.outputNotWritable(path: path, reason: String(cString: strerror(errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.readHolder(fd)
            close(fd)
            throw RunError.runLocked(directory: directory, holder: holder)
        }
        descriptor = fd
        let text = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    private static func readHolder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = pread(fd, &buffer, buffer.count, 0)
        let text = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
        return text.isEmpty ? "unknown" : text
    }

    /// Releases the lock (also released when the process exits).
    func release() {
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
