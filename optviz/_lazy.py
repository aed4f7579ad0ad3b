"""Names of a package that load on first use (so `import optviz` needs no torch)."""
from __future__ import annotations

import importlib


def lazy_names(package: str, table: dict[str, tuple[str, str]], namespace: dict):
    """(__getattr__, __dir__) for `package`: `table` maps a name to (submodule, attribute); the first
    use imports the submodule and keeps the value in `namespace` (the package's globals)."""
    def __getattr__(name):
        if name in table:
            module, attr = table[name]
            value = getattr(importlib.import_module(f"{package}.{module}"), attr)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return sorted(set(namespace) | set(table))
    return __getattr__, __dir__
