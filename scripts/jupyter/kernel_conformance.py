"""jupyter_kernel_test's conformance suite against the installed GuideLang kernel."""
import unittest

import jupyter_kernel_test


class GuideKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "guide"
    language_name = "guide"
    file_extension = ".guide"

    code_hello_world = 'print("hello, world")'
    code_stderr = ""  # the language has no way to write to stderr on purpose
    completion_samples = [{"text": "le", "matches": {"len", "let"}}]
    complete_code_samples = ["1 + 1", "fn f() { 1 }", 'print("x")']
    incomplete_code_samples = ["fn f() {", "[1, 2", '"""']
    code_execute_result = [{"code": "6 * 7", "result": "42"}, {"code": '"a" + "b"', "result": "ab"}]
    code_display_data = [{"code": "show plot([{x: 1, y: 2}, {x: 2, y: 3}], x: .x, y: .y)", "mime": "image/svg+xml"}]
    code_generate_error = "1 + nothing_here"
    code_inspect_sample = "generate"


if __name__ == "__main__":
    unittest.main(verbosity=2)
