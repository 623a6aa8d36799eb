"""One error type for bad input: a single line naming the file and the id, field or line."""


class InputError(Exception):
    """Bad input the build must stop on. ``str()`` is one line: ``<file>: <detail>``."""

    def __init__(self, path, detail: str):
        self.path = str(path)
        self.detail = " ".join(str(detail).split())  # always one line
        super().__init__(f"{self.path}: {self.detail}")
