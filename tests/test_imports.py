"""`import optviz` stays light: torch loads only when a torch-backed name is first used."""
import subprocess
import sys

SCRIPT = """
import sys
import optviz
assert 'torch' not in sys.modules, 'import optviz imported torch'
traj = optviz.run(optviz.surface('quadratic'), [optviz.optimizer('sgd', lr=0.1)], steps=3)
assert 'torch' not in sys.modules, 'the 2-D runner imported torch'
h = optviz.train('moons', [optviz.optimizer('sgd', lr=0.1)], epochs=1, hidden=(4,), snapshots=2)
assert 'torch' in sys.modules
import optviz.nets
assert optviz.train is optviz.nets.train and h.train_loss.shape == (1, 1)
assert {'train', 'History', 'lr_range_test'} <= set(dir(optviz))
print('ok')
"""


def test_import_optviz_does_not_import_torch_and_train_loads_it_on_first_use():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def module_imports(root):
    """{module: modules of optviz/ and ui/ it imports at load time (its top-level import statements)}."""
    import ast
    mods = {}
    for f in sorted(root.glob("optviz/**/*.py")) + sorted(root.glob("ui/*.py")):
        name = ".".join(f.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        mods[name] = f
    graph = {}
    for name, f in mods.items():
        package = name if f.name == "__init__.py" else name.rpartition(".")[0]
        deps = set()
        for node in ast.parse(f.read_text()).body:
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                names = ([module] if node.module else []) + [f"{module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            deps |= {n for n in names if n in mods and n != name}
        graph[name] = deps
    return graph


def import_cycles(graph) -> list[list[str]]:
    """Every cycle of the graph (each once, from its smallest module)."""
    found = set()

    def walk(path):
        for dep in graph[path[-1]]:
            if dep in path:
                cycle = path[path.index(dep):]
                i = cycle.index(min(cycle))
                found.add(tuple(cycle[i:] + cycle[:i]))
            else:
                walk(path + [dep])
    for start in graph:
        walk([start])
    return sorted(map(list, found))


def test_no_import_cycle_in_the_library_or_the_ui():
    from pathlib import Path
    graph = module_imports(Path(__file__).resolve().parent.parent)
    assert len(graph) > 60 and "optviz.surfaces" in graph["optviz"]
    assert import_cycles(graph) == []
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
