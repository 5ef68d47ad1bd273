import Foundation

/// Runs an experiment body for several rows side by side, so that work the rows share a
/// shape for (a host's model generations) can be done for all of them at once.
///
/// Each row runs on a thread of its own, but only one runs interpreter code at a time, so
/// the interpreter needs no locks: a row keeps the turn until it finishes or calls
/// `gather(_:key:combine:)`. When every unfinished row waits in `gather`, the waiting jobs
/// are combined — all jobs with the same key in one call, keys in the order the rows
/// first asked — and the rows take their turns again in row order. A row's locals are its
/// own (the body runs in a fresh frame per row); what rows share — globals and captured
/// variables of an enclosing function — they see change in turn order, not row order.
public final class RowsTogether {
    /// One row's parked request: what it asked, and how to do all requests of its key.
    private struct Waiting {
        var row: Int
        var key: AnyHashable
        var job: Any
        var combine: ([Any]) -> [Result<Any, Error>]
    }

    private let condition = NSCondition()
    /// The row whose turn it is; nil while a combination runs or before the first turn.
    private var turn: Int?
    private var ready: [Int] = []
    private var waiting: [Waiting] = []
    private var answers: [Int: Result<Any, Error>] = [:]
    private unowned let interpreter: Interpreter
    /// Each row's interpreter state while another row has the turn.
    private var parked: [Int: Interpreter.RowState] = [:]
    /// What each row's body returned or threw, written by the row in its last turn.
    private var results: [Result<[Value], Error>?]

    /// Bytes of stack each row's thread gets (the interpreter's own thread has 8 MiB).
    static let stackSize = 8 << 20

    private init(interpreter: Interpreter, rows: Int) {
        self.interpreter = interpreter
        ready = Array(0..<rows)
        results = Array(repeating: nil, count: rows)
    }

    /// Runs `body` once per row, side by side, and returns each row's result in row order.
    /// Called on the interpreter's thread; returns when every row has finished.
    static func run(_ rows: [Value], interpreter: Interpreter, body: @escaping (Value) throws -> [Value])
        -> [Result<[Value], Error>] {
        let group = RowsTogether(interpreter: interpreter, rows: rows.count)
        let start = interpreter.rowState
        let previous = interpreter.rowsTogether
        interpreter.rowsTogether = group
        defer {
            interpreter.rowsTogether = previous
            interpreter.rowState = start
        }
        let done = DispatchGroup()
        for (index, row) in rows.enumerated() {
            group.parked[index] = start
            done.enter()
            let thread = Thread {
                group.waitForTurn(index)
                group.results[index] = Result { try body(row) }
                group.finish(index)
                done.leave()
            }
            thread.stackSize = stackSize
            thread.start()
        }
        group.condition.lock()
        group.passTurn()
        group.condition.unlock()
        done.wait()
        return group.results.map { $0! }
    }

    /// Parks the calling row until every other row is finished or parked too, then runs
    /// `combine` on the jobs of all rows waiting with the same `key` (in row order) and
    /// returns this row's answer. `combine` returns one result per job, in order.
    public func gather<Job, Answer>(_ job: Job, key: AnyHashable, combine: @escaping ([Job]) -> [Result<Answer, Error>])
        throws -> Answer {
        guard let row = turn else { preconditionFailure("gather called outside a row's turn") }
        let erased: ([Any]) -> [Result<Any, Error>] = { jobs in
            combine(jobs.map { $0 as! Job }).map { $0.map { $0 as Any } }
        }
        condition.lock()
        parked[row] = interpreter.rowState
        waiting.append(Waiting(row: row, key: key, job: job, combine: erased))
        passTurn()
        while turn != row { condition.wait() }
        let answer = answers.removeValue(forKey: row)!
        interpreter.rowState = parked.removeValue(forKey: row)!
        condition.unlock()
        return try answer.get() as! Answer
    }

    private func waitForTurn(_ row: Int) {
        condition.lock()
        while turn != row { condition.wait() }
        interpreter.rowState = parked.removeValue(forKey: row)!
        condition.unlock()
    }

    private func finish(_ row: Int) {
        condition.lock()
        passTurn()
        condition.unlock()
    }

    /// Gives the turn to the next ready row; with none ready, combines the waiting jobs
    /// (every unfinished row is waiting then) and makes their rows ready. Holds the lock.
    private func passTurn() {
        turn = nil
        if ready.isEmpty, !waiting.isEmpty {
            let jobs = waiting
            waiting = []
            // No row can run meanwhile, so the combination may use the interpreter's host freely.
            condition.unlock()
            let results = Self.combine(jobs)
            condition.lock()
            for (job, result) in zip(jobs, results) { answers[job.row] = result }
            ready = jobs.map(\.row).sorted()
        }
        if !ready.isEmpty { turn = ready.removeFirst() }
        condition.broadcast()
    }

    /// Every job's result, each key's jobs combined in one call.
    private static func combine(_ jobs: [Waiting]) -> [Result<Any, Error>] {
        var results = [Result<Any, Error>?](repeating: nil, count: jobs.count)
        var keys: [AnyHashable] = []
        for job in jobs where !keys.contains(job.key) { keys.append(job.key) }
        for key in keys {
            let members = jobs.indices.filter { jobs[$0].key == key }
            let answers = jobs[members[0]].combine(members.map { jobs[$0].job })
            for (member, answer) in zip(members, answers) { results[member] = answer }
        }
        return results.map { $0! }
    }
}

extension Interpreter {
    /// The interpreter state that belongs to the running row, swapped as rows take turns.
    struct RowState {
        var recordStack: [[Value]]
        var callDepth: Int
    }

    var rowState: RowState {
        get { RowState(recordStack: recordStack, callDepth: callDepth) }
        set {
            recordStack = newValue.recordStack
            callDepth = newValue.callDepth
        }
    }
}
