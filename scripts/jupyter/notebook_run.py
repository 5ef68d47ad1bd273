"""Executes examples/quickstart.ipynb with nbclient (as papermill and nbconvert do) on
smollm2-135m-instruct and checks what the executed notebook holds: an HTML table, an SVG
chart, a record's and a table's JSON, and the generations' text streamed to stdout. First checks that the committed notebook is valid
nbformat, laid out as Jupyter writes it, and what `guide convert examples/quickstart.guide`
writes today. Runs from the repository root (quickstart reads examples/data/ from there, as
`guide run` does); needs the release build and smollm2-135m-instruct in the model cache.
"""
import os
import subprocess
import sys
import tempfile

import nbformat
from nbclient import NotebookClient

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GUIDE = os.path.join(ROOT, ".build", "release", "guide")
NOTEBOOK = os.path.join(ROOT, "examples", "quickstart.ipynb")


def report(checks):
    for name, passed in checks.items():
        print(("ok   " if passed else "FAIL ") + name)
    return all(checks.values())


def committed_notebook_checks(text):
    notebook = nbformat.reads(text, as_version=4)
    try:
        nbformat.validate(notebook)
        valid = True
    except nbformat.ValidationError as error:
        print(error, file=sys.stderr)
        valid = False
    with tempfile.TemporaryDirectory() as scratch:
        converted = os.path.join(scratch, "quickstart.ipynb")
        subprocess.run([GUIDE, "convert", os.path.join(ROOT, "examples", "quickstart.guide"), "-o", converted],
                       check=True, stdout=subprocess.DEVNULL)
        with open(converted, encoding="utf-8") as file:
            fresh = file.read()
    return notebook, {
        "examples/quickstart.ipynb is valid nbformat %d.%d" % (notebook.nbformat, notebook.nbformat_minor): valid,
        "examples/quickstart.ipynb is laid out as nbformat writes it": nbformat.writes(notebook) + "\n" == text,
        "examples/quickstart.ipynb is `guide convert examples/quickstart.guide` (else convert it again with --force)": fresh == text,
        "examples/quickstart.ipynb has no outputs": all(not cell.get("outputs") for cell in notebook.cells),
    }


def main():
    with open(NOTEBOOK, encoding="utf-8") as file:
        text = file.read()
    notebook, checks = committed_notebook_checks(text)
    # quickstart's model() takes GUIDE_MODEL, which the kernel inherits from this process.
    os.environ["GUIDE_MODEL"] = "smollm2-135m-instruct"
    NotebookClient(notebook, timeout=900, kernel_name="guide",
                   resources={"metadata": {"path": ROOT}}).execute()
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    data = [output.get("data", {}) for output in outputs]
    checks.update({
        "the executed notebook has no error": not any(output.output_type == "error" for output in outputs),
        "the executed notebook holds an HTML table": any("<table" in d.get("text/html", "") for d in data),
        "the executed notebook holds an SVG chart": any(d.get("image/svg+xml", "").startswith("<svg") for d in data),
        "the record of the model (smollm2's 30 layers) is also application/json":
            any(d.get("application/json", {}).get("layers") == 30 for d in data),
        "the table of runs is also JSON rows": any(
            [row.get("delta") for row in d.get("application/vnd.guidelang.table+json", [])] == [0, 1, 2] for d in data),
    })
    runs_cell = next(cell for cell in notebook.cells if cell.source.startswith("%% Three runs"))
    streamed = "".join(output.get("text", "") for output in runs_cell.outputs
                       if output.output_type == "stream" and output.name == "stdout")
    runs = next((d["application/vnd.guidelang.table+json"] for d in data if "application/vnd.guidelang.table+json" in d), [])
    checks["the generations were streamed to the notebook as they were produced"] = \
        bool(runs) and all(run["text"] in streamed for run in runs)
    if not report(checks):
        print(nbformat.writes(notebook)[:6000], file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
