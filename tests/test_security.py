"""No user text is ever executed.

* No module of the app calls eval/exec/compile/__import__ or sympy's string parsers (checked on the
  syntax trees of optviz/, ui/, views/ and app.py; the checker itself is tested on planted calls).
* The formula reader refuses everything outside its whitelist, and refuses oversized formulas fast.
* Hostile formulas typed into the playground show an error next to the box, keep the typed text,
  and run nothing.
"""
from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import optviz
from tests.apptest import n_charts
from optviz import formula

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SOURCES = sorted(p for d in ("optviz", "ui", "views") for p in (ROOT / d).rglob("*.py")) + [ROOT / "app.py"]
EXECUTORS = {"eval", "exec", "compile", "__import__"}
STRING_PARSERS = {"sympify", "parse_expr", "parse_latex", "literal_eval"}
FAST = 0.5   # CPU seconds to read or refuse one formula (CPU time: a busy CI box does not fail it)


# ---- nothing calls an executor ------------------------------------------------------------------

def offences(source: str) -> list[str]:
    """Every place in `source` that runs, or could hand text to, Python's compiler."""
    found = []
    for node in ast.walk(ast.parse(source)):
        where = f"line {getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Name) and node.id in EXECUTORS | STRING_PARSERS:
            found.append(f"{where}: {node.id}")                      # a call, or an alias such as f = eval
        elif isinstance(node, ast.Attribute):
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if node.attr in STRING_PARSERS or (owner in ("builtins", "__builtins__") and node.attr in EXECUTORS):
                found.append(f"{where}: {owner}.{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("eval", "exec") \
                and (node.args or node.keywords):
            found.append(f"{where}: .{node.func.attr}(…) with arguments")  # pandas' df.eval("…"); torch's model.eval() has none
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" \
                and any(isinstance(a, ast.Constant) and a.value in EXECUTORS for a in node.args):
            found.append(f"{where}: getattr(…, {node.args[1].value!r})")
        elif isinstance(node, ast.ImportFrom) and any(a.name in EXECUTORS | STRING_PARSERS for a in node.names):
            found.append(f"{where}: from {node.module} import …")
    return found


@pytest.mark.parametrize("source", [
    "eval(text)", "exec(text)", "compile(text, 'f', 'eval')", "__import__(name)", "f = eval\nf(text)",
    "import builtins\nbuiltins.eval(text)", "getattr(builtins, 'exec')(text)", "from sympy import sympify",
    "sympy.sympify(text)", "from sympy.parsing.sympy_parser import parse_expr", "df.eval('a + b')",
    "ast.literal_eval(text)",
])
def test_checker_finds_planted_calls(source):
    assert offences(source)


@pytest.mark.parametrize("source", ["model.eval()", "re.compile(r'\\d+')", "ast.parse(text, mode='eval')",
                                    "evaluate(expr, x, y)", "net.train(); net.eval()"])
def test_checker_lets_harmless_code_pass(source):
    assert offences(source) == []


def test_no_module_of_the_app_runs_text():
    assert len(SOURCES) > 10 and ROOT / "optviz" / "formula.py" in SOURCES
    found = {str(p.relative_to(ROOT)): o for p in SOURCES if (o := offences(p.read_text(encoding="utf-8")))}
    assert found == {}


# ---- the formula reader's whitelist ---------------------------------------------------------------

REFUSED = [   # (formula, words the message must contain)
    ("x.real", "attribute"), ("().__class__.__bases__[0].__subclasses__()", "attribute"),
    ("__import__('os').system('ls')", "attribute"), ("np.sin(x)", "attribute"),
    ("x[0]", "subscript"), ("[x][0]", "subscript"), ("x[1:2]", "subscript"),
    ("lambda: 0", "lambda"), ("(lambda: 0)()", "named functions"),
    ("[i for i in x]", "comprehension"), ("{i for i in x}", "comprehension"), ("{i: i for i in x}", "comprehension"),
    ("sum(i for i in x)", "not allowed"),
    ("z", "name 'z'"), ("os", "name 'os'"), ("__builtins__", "name '__builtins__'"), ("exp", "called"),
    ("range(3)", "function 'range'"), ("open('f')", "function 'open'"), ("eval('1')", "function 'eval'"),
    ("exec('1')", "function 'exec'"), ("getattr(x, 'y')", "function 'getattr'"),
    ("'abc'", "string"), ("b'abc'", "string"), ("x + 'a'", "string"), ("f'{x}'", "f-string"),
    ("sin(*x)", "unpacking"), ("sin(x=1)", "keyword"), ("sin(**x)", "keyword"), ("sin(x, y)", "1 argument"),
    ("True", "not allowed"), ("None", "not allowed"), ("...", "not allowed"), ("1j", "complex"),
    ("x if y else 1", "if/else"), ("x < y", "comparison"), ("x and y", "'and'/'or'"), ("(x := 1)", ":="),
    ("x % 2", "'%'"), ("x // 2", "'//'"), ("x @ y", "'@'"), ("~x", "'~'"), ("not x", "'not'"), ("x << 1", "'<<'"),
    ("x, y", "tuple"), ("[x]", "list"), ("{x}", "set"), ("{'a': x}", "dict"),
    ("x = 1", "cannot read"), ("import os", "cannot read"), ("x; y", "cannot read"), ("yield x", "cannot read"),
    ("", "empty"), ("   ", "empty"),
]


@pytest.mark.parametrize("text,words", REFUSED)
def test_formula_reader_refuses_everything_outside_its_whitelist(text, words):
    with pytest.raises(ValueError, match=None) as err:
        formula.parse(text)
    assert words.lower() in str(err.value).lower(), str(err.value)
    with pytest.raises(ValueError):
        optviz.surface("custom", formula=text)


@pytest.mark.parametrize("make", [
    lambda p: f"__import__('os').system('touch {p}')",
    lambda p: f"open('{p}', 'w').write('x')",
    lambda p: f"exec(\"open('{p}', 'w')\")",
    lambda p: f"eval(\"open('{p}', 'w')\")",
    lambda p: f"compile(\"open('{p}', 'w')\", 'f', 'exec')",
    lambda p: f"[c for c in ().__class__.__base__.__subclasses__() if c.__name__ == 'Popen'][0](['touch', '{p}'])",
])
def test_hostile_formulas_run_nothing(make, tmp_path):
    target = tmp_path / "pwned"
    with pytest.raises(ValueError):
        optviz.surface("custom", formula=make(target))
    assert not target.exists()


# ---- size limits, refused fast ---------------------------------------------------------------------

OVERSIZED = [   # (formula, words the message must contain)
    ("x+" * 150 + "x", "too long"),                              # 301 characters
    ("(" * 31 + "x" + ")" * 31, "nested too deeply"),            # brackets
    ("[" * 200, "nested too deeply"),
    ("-" * 100 + "x", "nested too deeply"),                      # tree depth without brackets
    ("x" + "**x" * 40, "nested too deeply"),
    ("sin(" * 31 + "x" + ")" * 31, "nested too deeply"),
    ("+".join(["(" + "+".join(["x"] * 8) + ")"] * 16), "too large"),   # 255 nodes, 287 characters, depth 25
    ("9**9**9**9", "exponent"), ("10**1000", "exponent"), ("2**2**2**2**2", "exponent"),
    ("x**1e6", "exponent"), ("(x + 1)**-500", "exponent"), ("x**(10**3)", "exponent"),
    ("1e309", "too large"), ("9" * 299, "too large"), ("1e13*x", "too large"),
]


@pytest.mark.parametrize("text,words", OVERSIZED)
def test_oversized_formulas_are_refused_fast(text, words):
    t0 = time.process_time()
    with pytest.raises(ValueError) as err:
        optviz.surface("custom", formula=text)
    assert time.process_time() - t0 < FAST
    assert words in str(err.value), str(err.value)


@pytest.mark.parametrize("text", ["x**100 + y", "1e12*x + y", "(" * 30 + "x" + ")" * 30 + " + y",
                                  "exp(exp(exp(exp(exp(x))))) + y", "x+" * 25 + "y"])
def test_formulas_just_inside_the_limits_build_fast(text):
    t0 = time.process_time()
    surf = optviz.surface("custom", formula=text)
    assert time.process_time() - t0 < FAST
    assert surf.grad([[0.5, 0.25]]).shape == (1, 2)


# ---- the playground's formula box ---------------------------------------------------------------

def _sidebar_order(at):
    """Sidebar elements in drawing order, as (type, key or text)."""
    return [(type(e).__name__, getattr(e, "key", None) or getattr(e, "value", None)) for e in at.sidebar]


@pytest.mark.parametrize("hostile,words", [
    ("__import__('os').system('touch {p}')", "attribute"),
    ("x[0] + open('{p}', 'w')", "subscript"),
    ("9**9**9**9", "exponent"),
])
def test_playground_formula_box_shows_the_error_and_keeps_the_text(hostile, words, tmp_path):
    text = hostile.format(p=tmp_path / "pwned")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/playground.py")
    at.run()
    at.selectbox(key="w:pgs").set_value("custom")
    at.run()
    assert not at.exception and n_charts(at), "the default custom formula draws"
    at.text_input(key="w:pgformula").input(text)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.text_input(key="w:pgformula").value == text, "the typed text stays in the box"
    errors = [e.value for e in at.sidebar.error]
    assert len(errors) == 1 and words in errors[0], errors
    order = _sidebar_order(at)
    box = order.index(("TextInput", "w:pgformula"))
    shown = next(i for i, (kind, _) in enumerate(order) if kind == "Error")
    start = order.index(("NumberInput", "w:pgx"))
    assert box < shown < start, "the error follows the surface editor, before the next setting"
    assert not (tmp_path / "pwned").exists()

    at.text_input(key="w:pgformula").input("x**2 + y**2")     # fixing the text brings the chart back
    at.run()
    assert not at.exception and not at.sidebar.error and n_charts(at)
