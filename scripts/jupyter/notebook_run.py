"""Executes a small GuideLang notebook with nbclient (as papermill and nbconvert do) and
checks what the executed notebook holds: a prompt with its GUIDE span highlighted, an HTML
table of generations and an SVG chart. Needs smollm2-135m-instruct in the model cache.
"""
import sys

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

CELLS = [
    'let m = model("smollm2-135m-instruct")\n'
    'let p = chat(m, "<!-> Summarize in French: <-!> The cat sat on the mat all afternoon.")\nshow p',
    "[0, 2] |> map(fn(d) => {delta: d, text: trim(generate(m, p, guide: delta(d), max_tokens: 8, temperature: 0).text)})",
    "plot([{delta: 0, tokens: 3}, {delta: 1, tokens: 5}, {delta: 2, tokens: 8}], x: .delta, y: .tokens)",
]


def main():
    notebook = new_notebook(cells=[new_code_cell(code) for code in CELLS],
                            metadata={"kernelspec": {"name": "guide", "display_name": "GuideLang", "language": "guide"}})
    NotebookClient(notebook, timeout=600, kernel_name="guide").execute()
    outputs = [output for cell in notebook.cells for output in cell.outputs]
    data = [output.get("data", {}) for output in outputs]
    checks = {
        "a prompt with a highlighted GUIDE span": any("<mark" in d.get("text/html", "") for d in data),
        "an HTML table": any("<table" in d.get("text/html", "") for d in data),
        "an SVG chart": any(d.get("image/svg+xml", "").startswith("<svg") for d in data),
    }
    for name, passed in checks.items():
        print(("ok   " if passed else "FAIL ") + "the executed notebook holds " + name)
    if not all(checks.values()):
        print(nbformat.writes(notebook)[:4000], file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
