"""A real jupyter_client session against the installed GuideLang kernel.

Starts the kernel the way Jupyter does (the kernelspec `guide`, a connection file with a
random key), runs cells and checks every reply and iopub message, interrupts a long loop
with SIGINT (the kernelspec's interrupt_mode), and shuts the kernel down. Prints one line
per check; exits 1 on the first failure.
"""
import sys
import time

from jupyter_client.manager import start_new_kernel


def run(client, code, timeout=60):
    """Executes `code`; returns (reply content, iopub messages until idle)."""
    msg_id = client.execute(code)
    reply = client.get_shell_msg(timeout=timeout)
    assert reply["parent_header"]["msg_id"] == msg_id, reply
    published = []
    while True:
        message = client.get_iopub_msg(timeout=timeout)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        published.append(message)
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            return reply["content"], published


def of_type(published, kind):
    return [m["content"] for m in published if m["msg_type"] == kind]


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"))
    if not condition:
        sys.exit(1)


def main():
    manager, client = start_new_kernel(kernel_name="guide", startup_timeout=60)
    try:
        info = client.kernel_info(reply=True)["content"]
        check("kernel_info names the language", info["language_info"]["name"] == "guide", info)

        reply, published = run(client, 'let greeting = "hello"\nprint(greeting + ", world")')
        streams = of_type(published, "stream")
        check("a cell runs and prints", reply["status"] == "ok" and streams and streams[0]["text"] == "hello, world\n",
              (reply, published))
        check("execute_input echoes the code", of_type(published, "execute_input")[0]["execution_count"] == 1)

        reply, published = run(client, "len(greeting) * 2")
        results = of_type(published, "execute_result")
        check("state carries to the next cell", results and results[0]["data"]["text/plain"] == "10", published)
        check("execution_count counts cells", reply["execution_count"] == 2, reply)

        reply, published = run(client, "greeting + missing_name")
        errors = of_type(published, "error")
        check("an error cell replies with the error", reply["status"] == "error" and errors, (reply, published))
        check("the traceback has the caret", any("^" in line for line in errors[0]["traceback"]), errors)

        reply, published = run(client, '[{model: "smollm2", p: 0.5}, {model: "qwen", p: 0.75}]')
        html = of_type(published, "execute_result")[0]["data"].get("text/html", "")
        check("a table cell carries an HTML table", "<table" in html and ">qwen</td>" in html, html[:300])

        reply, published = run(client, "plot([{x: 1, y: 1}, {x: 2, y: 4}], x: .x, y: .y)")
        svg = of_type(published, "execute_result")[0]["data"].get("image/svg+xml", "")
        check("a chart cell carries SVG", svg.startswith("<svg"), svg[:200])

        complete = client.complete("gre", 3, reply=True)["content"]
        check("completion finds the cell's name", "greeting" in complete["matches"], complete)
        inspect = client.inspect("generate", 3, reply=True)["content"]
        check("inspection shows the builtin's docs", inspect["found"] and "generate" in inspect["data"]["text/plain"], inspect)
        client.is_complete("fn f() {")
        incomplete = client.get_shell_msg(timeout=30)["content"]
        check("an open block is incomplete", incomplete["status"] == "incomplete", incomplete)

        run(client, "var n = 0")
        msg_id = client.execute("while true { n = n + 1 }")
        time.sleep(1)
        started = time.monotonic()
        manager.interrupt_kernel()
        reply = client.get_shell_msg(timeout=30)
        check("SIGINT stops a long loop", reply["parent_header"]["msg_id"] == msg_id
              and reply["content"]["status"] == "error" and reply["content"]["ename"] == "interrupted", reply)
        print(f"     interrupt answered in {time.monotonic() - started:.2f} s")
        reply, published = run(client, "n > 0")
        check("the kernel carries on after the interrupt", of_type(published, "execute_result")[0]["data"]["text/plain"] == "true")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)
    check("shutdown ends the kernel process", not manager.is_alive())


if __name__ == "__main__":
    main()
