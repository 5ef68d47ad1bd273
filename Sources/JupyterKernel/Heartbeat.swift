/// The heartbeat socket's loop: echoes every ping back unchanged, on a thread of its own,
/// so a client sees the kernel alive even while a cell runs.
struct Heartbeat {
    let socket: ZMQSocket

    /// Echoes until `isStopping` turns true (checked at least every `pollMilliseconds`).
    func run(pollMilliseconds: Int = 100, isStopping: () -> Bool, log: (String) -> Void) {
        do {
            while !isStopping() {
                guard try socket.waitForMessage(milliseconds: pollMilliseconds) else { continue }
                try socket.send(try socket.receive())
            }
        } catch {
            log("heartbeat stopped: \(error)")
        }
    }
}
