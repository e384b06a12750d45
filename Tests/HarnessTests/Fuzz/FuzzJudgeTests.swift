import Foundation
import Testing

/// The fuzz judge breaks on purpose: children that crash, hang, exceed the address-space limit,
/// exit with an undocumented code or print a runtime trap must each be called a failure.
@Suite("Fuzz judge")
struct FuzzJudgeTests {
    func outcome(_ script: String, timeout: TimeInterval = 20) throws -> FuzzChild.Outcome {
        let dir = try InputFuzzTests.scratch("judge")
        defer { try? FileManager.default.removeItem(at: dir) }
        return try FuzzChild.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script], label: "judge", in: dir, timeout: timeout)
    }

    @Test func crashesHangsAndTrapsAreFailures() throws {
        #expect(FuzzChild.problem(try outcome("kill -SEGV $$"), allowed: [0, 1])?.hasPrefix("killed by signal") == true)
        #expect(FuzzChild.problem(try outcome("exec /bin/sleep 30", timeout: 0.5), allowed: [0, 1]) == "hang")
        #expect(FuzzChild.problem(try outcome("exit 3"), allowed: [0, 1])?.hasPrefix("exit 3") == true)
        #expect(FuzzChild.problem(try outcome("echo 'Fatal error: boom' >&2; exit 1"), allowed: [0, 1]) != nil)
        #expect(FuzzChild.problem(try outcome("exit 1"), allowed: [0, 1]) == "failed without a message")
        #expect(FuzzChild.problem(try outcome("echo 'Error: bad input' >&2; exit 1"), allowed: [0, 1]) == nil)
        #expect(FuzzChild.problem(try outcome("echo ok"), allowed: [0, 1]) == nil)
    }

    @Test func theAddressSpaceLimitHolds() throws {
        // 1 GiB requested under the 512 MiB limit: the allocation fails (the child cannot grow past it).
        let result = try outcome("ulimit -v; exec /bin/dd if=/dev/zero of=/dev/null bs=1G count=1 2>&1")
        #expect(result.stdout.split(separator: "\n").first.map(String.init) == String(FuzzChild.addressSpaceKiB))
        #expect(result.status != 0)
        #expect(result.stdout.contains("memory"))
    }
}
