import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `guide` process attached to a fresh pseudo-terminal, driven like a person at a keyboard:
/// `type` writes keystrokes to the terminal's master side, `expect` waits until the screen
/// output contains a text.
///
/// The child starts a new session (`POSIX_SPAWN_SETSID`) and opens the terminal's slave side
/// as its standard input, output and error, which makes that terminal its controlling
/// terminal. So the child sees a real TTY (readline runs, colours switch on) and a Ctrl-C
/// byte (0x03) written to the master is turned into SIGINT by the line discipline, exactly
/// as at a keyboard.
final class REPLTerminal {
    private let master: Int32
    private let pid: pid_t
    private var output: [UInt8] = []
    /// How far `expect` has consumed `screenText`, in UTF-8 bytes.
    private var consumed = 0
    private var exitStatus: Int32?

    /// Starts `guide` with `arguments` on a 80×24 terminal with `environment` added.
    init(arguments: [String] = [], environment extra: [String: String]) throws {
        let executable = try GuideBinary.path()
        let (master, slavePath) = try Self.openTerminal()
        self.master = master

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, master)
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new session, default signal handling and nothing blocked, whatever the test runner uses.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &interrupt)
        posix_spawnattr_setflags(&attributes,
            Int16(Self.spawnSetSID | Int(POSIX_SPAWN_SETSIGMASK) | Int(POSIX_SPAWN_SETSIGDEF)))

        var environment = GuideBinary.environment(extra)
        environment["TERM"] = "dumb"
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            close(master)
            throw TerminalError("posix_spawn failed: \(String(cString: strerror(status)))")
        }
        pid = child
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Everything the child has written so far, escape sequences included.
    var rawText: String { String(decoding: output, as: UTF8.self) }

    /// Everything the terminal has shown so far, with escape sequences and carriage returns removed.
    var screenText: String { Self.plainText(output) }

    /// Writes `keys` as if typed: `"\r"` is Enter, `"\t"` Tab, `"\u{3}"` Ctrl-C, `"\u{4}"` Ctrl-D,
    /// `"\u{1B}[A"` the up arrow.
    func type(_ keys: String) {
        var bytes = Array(keys.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeMutableBytes { write(master, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            offset += written
        }
        bytes.removeAll()
    }

    /// Waits until `text` appears in the output after everything earlier `expect`s matched,
    /// then moves past it and returns the output between. Throws with the transcript on timeout.
    @discardableResult
    func expect(_ text: String, timeout: Double = 20) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let screen = screenText
            let start = screen.utf8.index(screen.startIndex, offsetBy: min(consumed, screen.utf8.count))
            if let found = screen[start...].range(of: text) {
                consumed = screen.utf8.distance(from: screen.startIndex, to: found.upperBound)
                return String(screen[start..<found.lowerBound])
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 || !pump(timeout: remaining) {
                throw TerminalError("timed out waiting for \(text.debugDescription); the terminal showed:\n"
                    + String(screen[start...]))
            }
        }
    }

    /// Waits for the process to exit and returns its exit status (128 + n for signal n).
    func waitForExit(timeout: Double = 20) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                exitStatus = code
                return code
            }
            if Date() >= deadline {
                throw TerminalError("guide did not exit; the terminal showed:\n" + screenText)
            }
            _ = pump(timeout: 0.05)
        }
    }

    /// Reads what is available within `timeout` seconds; false when nothing more can come.
    private func pump(timeout: Double) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(1, min(timeout, 0.2) * 1000)))
        if ready < 0 { return errno == EINTR }
        if ready == 0 { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        guard count > 0 else { return false }  // EIO: the child closed the terminal
        output.append(contentsOf: buffer[0..<count])
        return true
    }

    /// Opens a pseudo-terminal pair and returns the master descriptor and the slave's path.
    private static func openTerminal() throws -> (Int32, String) {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw TerminalError("cannot open /dev/ptmx") }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard ioctl(master, ptyUnlockRequest, &unlock) == 0,
              ioctl(master, ptyNumberRequest, &number) == 0 else {
            close(master)
            throw TerminalError("cannot unlock the pseudo-terminal")
        }
        var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        return (master, "/dev/pts/\(number)")
    }

    // Linux values that Glibc's Swift overlay leaves out (they sit behind feature macros):
    // TIOCSPTLCK = _IOW('T', 0x31, int), TIOCGPTN = _IOR('T', 0x30, unsigned int),
    // POSIX_SPAWN_SETSID from <spawn.h>.
    private static let ptyUnlockRequest: UInt = 0x4004_5431
    private static let ptyNumberRequest: UInt = 0x8004_5430
    private static let spawnSetSID = 0x80

    /// Removes ANSI escape sequences, carriage returns, bells and backspaced characters.
    static func plainText(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "[") {
                    index += 1
                    while index < bytes.count, !(0x40...0x7E).contains(bytes[index]) { index += 1 }
                }
                index += 1
                continue
            }
            if byte == 0x08 {
                if !text.isEmpty { text.removeLast() }
            } else if byte != 0x0D && byte != 0x07 {
                text.append(byte)
            }
            index += 1
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// A failure of the terminal driver, with what the terminal showed.
struct TerminalError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
