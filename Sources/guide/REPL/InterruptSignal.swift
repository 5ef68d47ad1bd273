import GuideLang
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl-C (SIGINT) handling for the REPL and `guide run`.
///
/// The handler never exits: it only stores 1 into the session's `CancellationFlag` word,
/// the one thing a signal handler may safely do. Whoever is running when the flag goes up
/// decides what it means: the line reader abandons the line being typed; the interpreter,
/// which checks the flag between loop iterations and calls, stops the evaluation with a
/// `cancelled` diagnostic; an experiment abandons the row in flight (unrecorded, it runs
/// again next time) and stops with "interrupted after N of M rows". The REPL clears the
/// flag before each read and each evaluation, so a stale Ctrl-C never cancels the next one.
enum InterruptSignal {
    /// The flag the handler raises; kept here so its word stays allocated.
    private static var flag: CancellationFlag?
    /// `flag.word`, read by the handler.
    private static var word: UnsafeMutablePointer<Int32>?

    /// Whether a second Ctrl-C, while the first is still pending, ends the process.
    private static var secondInterruptExits = false

    /// Routes SIGINT to `flag`. Interrupted system calls are not restarted, so a blocking
    /// read or poll returns early with `EINTR` and the caller can look at the flag.
    ///
    /// With `secondInterruptExits` (for `guide run`), a Ctrl-C arriving while the previous
    /// one is still pending — the program did not reach a point where it could stop — exits
    /// at once with status 130. The REPL never exits this way.
    static func install(cancelling flag: CancellationFlag, secondInterruptExits: Bool = false) {
        self.flag = flag
        word = flag.word
        self.secondInterruptExits = secondInterruptExits
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { _ in InterruptSignal.interrupted() }
        #else
        action.__sigaction_u.__sa_handler = { _ in InterruptSignal.interrupted() }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have blocked SIGINT and started us with that mask; undo it.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        sigprocmask(SIG_UNBLOCK, &interrupt, nil)
    }

    /// The handler's body: only a flag store, or `_exit` (both async-signal-safe).
    private static func interrupted() {
        guard let word else { return }
        if secondInterruptExits && word.pointee != 0 { _exit(130) }
        word.pointee = 1
    }

    /// Whether Ctrl-C was pressed since the last `clear()` or `consume()`.
    static var isPending: Bool { flag?.isCancelled ?? false }

    /// Forgets any pending Ctrl-C.
    static func clear() { flag?.reset() }

    /// Returns whether a Ctrl-C was pending, and clears it.
    static func consume() -> Bool {
        let pending = isPending
        clear()
        return pending
    }
}
