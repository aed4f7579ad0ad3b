"""User formulas: values against numpy written by hand, symbolic gradients against central
differences, and every forbidden construct refused quickly with a message naming it."""
import ast
import pathlib
import time
import warnings

import numpy as np
import pytest
import torch

from optviz import formula
from optviz.formula import gradient, parse

rng = np.random.default_rng(0)
X = rng.uniform(-2.0, 2.0, 200)
Y = rng.uniform(-2.0, 2.0, 200)

VALUES = [   # (formula, the same thing in numpy)
    ("x", lambda x, y: x),
    ("x**2 + 3*sin(y)", lambda x, y: x**2 + 3 * np.sin(y)),
    ("x^2 + y^2", lambda x, y: x**2 + y**2),
    ("-x**2", lambda x, y: -(x**2)),
    ("(-x)**2", lambda x, y: x**2),
    ("2^3^2 + x", lambda x, y: 512.0 + x),
    ("x**-2", lambda x, y: x**-2.0),
    ("x - y - 1", lambda x, y: (x - y) - 1),
    ("x / y / 2", lambda x, y: (x / y) / 2),
    ("x - (y - 1)", lambda x, y: x - (y - 1)),
    ("+x * -y", lambda x, y: x * -y),
    ("2*x*y + 1e-3", lambda x, y: 2 * x * y + 1e-3),
    ("3.5", lambda x, y: np.full_like(x, 3.5)),
    ("pi*x + e", lambda x, y: np.pi * x + np.e),
    ("exp(-(x**2 + y**2)/2)", lambda x, y: np.exp(-(x**2 + y**2) / 2)),
    ("log(1 + x**2) + sqrt(abs(y))", lambda x, y: np.log(1 + x**2) + np.sqrt(np.abs(y))),
    ("tan(x/2) - cos(y)", lambda x, y: np.tan(x / 2) - np.cos(y)),
    ("tanh(x) + sinh(y) - cosh(x*y/3)", lambda x, y: np.tanh(x) + np.sinh(y) - np.cosh(x * y / 3)),
    ("arctan(x) + atan(y)", lambda x, y: np.arctan(x) + np.arctan(y)),
    ("arcsin(x/3) + asin(y/3)", lambda x, y: np.arcsin(x / 3) + np.arcsin(y / 3)),
    ("arccos(x/3) * acos(y/2.5)", lambda x, y: np.arccos(x / 3) * np.arccos(y / 2.5)),
    ("sigmoid(3*x) - sigmoid(-y)", lambda x, y: 1 / (1 + np.exp(-3 * x)) - 1 / (1 + np.exp(y))),
    ("(1 - x)^2 + 100*(y - x^2)^2", lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2),
    ("abs(x)**1.5 * 2**y", lambda x, y: np.abs(x) ** 1.5 * 2.0**y),
    ("abs(x)**y", lambda x, y: np.abs(x) ** y),
    ("  x*y  ", lambda x, y: x * y),
]


@pytest.mark.parametrize("text,ref", VALUES, ids=[v[0] for v in VALUES])
def test_values_match_numpy(text, ref):
    expr = parse(text)
    with np.errstate(all="ignore"):
        want = ref(X, Y)
    got = expr(X, Y)
    assert got.shape == X.shape and got.dtype == np.float64
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-13)
    # torch gives the same numbers
    np.testing.assert_allclose(expr(torch.tensor(X), torch.tensor(Y)).numpy(), want, rtol=1e-12, atol=1e-12)
    # the printed form reads back to the same function
    np.testing.assert_allclose(parse(str(expr))(X, Y), want, rtol=1e-12, atol=1e-12)
    assert expr.tex().count("{") == expr.tex().count("}")


GRADIENTS = [   # formulas using every function and operator; points kept where each is smooth
    "x**2 + 3*sin(y)",
    "sin(x*y) + cos(x - y)",
    "tan(x/3) * y",
    "exp(-(x**2 + y**2)/2)",
    "log(1 + x**2 + y**4)",
    "sqrt(1 + x**2) - sqrt(2 + sin(y))",
    "abs(x - 3) * y + abs(y + 5)",
    "tanh(x*y) + sinh(x)/cosh(y)",
    "arctan(x*y) + atan(y - x)",
    "arcsin(x/3) - asin(y/4)",
    "arccos(x*y/5) + acos(y/3)",
    "sigmoid(2*x - y) * sigmoid(y)",
    "x^3 - 3*x*y^2",
    "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
    "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2",
    "2**x + x**y / 10 + (y**2 + 1)**(x/4)",
    "1/(1 + x**2 + y**2) - x/(y**2 + 2)",
    "pi*x*e - cos(2*pi*x) - cos(2*pi*y)",
    "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) + e + 20",
    "(x*y)**-1.5 * 0 + x**0.5 * y**2",
    "-(-(x)) * (+y)",
]


@pytest.mark.parametrize("text", GRADIENTS)
def test_gradient_matches_central_differences(text):
    expr = parse(text)
    dx, dy = gradient(expr)
    x = rng.uniform(0.3, 1.9, 50)        # x > 0 keeps x**y, x**0.5 real
    y = rng.uniform(0.3, 1.9, 50)
    h = 1e-6
    num_x = (expr(x + h, y) - expr(x - h, y)) / (2 * h)
    num_y = (expr(x, y + h) - expr(x, y - h)) / (2 * h)
    gx, gy = dx(x, y), dy(x, y)
    assert np.isfinite(gx).all() and np.isfinite(gy).all()
    np.testing.assert_allclose(gx, num_x, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(gy, num_y, rtol=1e-6, atol=1e-6)
    # and torch autograd agrees with the symbolic gradient to rounding
    tx, ty = torch.tensor(x, requires_grad=True), torch.tensor(y, requires_grad=True)
    expr(tx, ty).sum().backward()
    np.testing.assert_allclose(tx.grad.numpy(), gx, rtol=1e-11, atol=1e-11)
    np.testing.assert_allclose(ty.grad.numpy(), gy, rtol=1e-11, atol=1e-11)


def test_every_function_is_covered_by_the_gradient_tests():
    used = set()
    for text in GRADIENTS:
        used |= {n.func.id for n in ast.walk(ast.parse(text.replace("^", "**"), mode="eval"))
                 if isinstance(n, ast.Call)}
    assert set(formula.FUNCTIONS) <= used


def test_gradient_simplifies_trivial_terms():
    assert str(gradient(parse("x**2"))[0]) == "2*x"
    dx, dy = gradient(parse("x**2 + 3*sin(y)"))
    assert str(dx) == "2*x" and str(dy) == "3*cos(y)"
    dx, dy = gradient(parse("5 + 0*x"))
    assert str(dx) == "0" and str(dy) == "0"
    assert str(gradient(parse("x*y"))[1]) == "x"
    # exact, not approximate: d/dx (x^3 y) = 3 x^2 y
    np.testing.assert_array_equal(gradient(parse("x**3*y"))[0](X, Y), 3.0 * X**2.0 * Y)


FORBIDDEN = [   # (formula, words the message must contain)
    ("__import__('os')", ["__import__"]),
    ("__import__('os').system('touch /tmp/optviz_pwned')", ["attribute", "system"]),
    ("x.__class__", ["attribute", "x.__class__"]),
    ("x[0]", ["subscript", "x[0]"]),
    ("lambda: 1", ["lambda"]),
    ("'a'", ["string", "'a'"]),
    ("z", ["'z'", "x and y"]),
    ("open(1)", ["'open'"]),
    ("(1).real", ["attribute", "real"]),
    ("9**9**9**9", ["exponent", "9**9**9"]),
    ("10**1000", ["exponent", "1000"]),
    ("x**(10*11)", ["exponent", "110"]),
    ("x" + "+x" * 500, ["too long", "1001"]),
    ("(" * 100 + "x" + ")" * 100, ["nested", "100"]),
    ("x if y else 1", ["if", "else"]),
    ("[x]", ["list", "[x]"]),
    ("{}", ["dict", "{}"]),
    ("{x}", ["set"]),
    ("(x, y)", ["tuple"]),
    ("sin(x=1)", ["keyword", "sin(x=1)"]),
    ("sin(x, y)", ["'sin'", "argument"]),
    ("sin()", ["'sin'", "argument"]),
    ("sin", ["'sin'", "called"]),
    ("x(1)", ["'x'"]),
    ("x % 2", ["'%'"]),
    ("x // 2", ["'//'"]),
    ("x @ y", ["'@'"]),
    ("x | y", ["'|'"]),
    ("~x", ["'~'"]),
    ("not x", ["not"]),
    ("x < y", ["comparison"]),
    ("x and y", ["and"]),
    ("1j*x", ["complex"]),
    ("True", ["True"]),
    ("None", ["None"]),
    ("f'{x}'", ["f-string"]),
    ("(x := 1)", [":="]),
    ("[i for i in x]", ["comprehension"]),
    ("sin(*x)", ["unpacking"]),
    ("1e13 * x", ["number", "1e13"]),
    ("1e400", ["number"]),
    ("2x", ["column"]),
    ("x +", ["cannot read"]),
    ("", ["empty"]),
    ("-" * 40 + "x", ["nested"]),
    ("x\x00", ["null"]),
    ("math.pi", ["attribute"]),
    ("globals()", ["'globals'"]),
]


@pytest.mark.parametrize("text,words", FORBIDDEN, ids=[f[0][:30] for f in FORBIDDEN])
def test_forbidden_constructs_are_refused_quickly(text, words):
    start = time.perf_counter()
    with pytest.raises(ValueError) as info:
        parse(text)
    assert time.perf_counter() - start < 0.5
    message = str(info.value)
    for word in words:
        assert word in message, (word, message)
    assert not pathlib.Path("/tmp/optviz_pwned").exists()


def test_non_strings_are_refused():
    for bad in (None, 3, b"x", ["x"]):
        with pytest.raises(ValueError, match="string"):
            parse(bad)


def test_limits_are_exact():
    # length: 300 characters pass, 301 do not
    long_number = "x*1." + "0" * 296
    assert len(long_number) == 300
    np.testing.assert_array_equal(parse("  " + long_number + "  ")(X, Y), X)   # outer spaces do not count
    with pytest.raises(ValueError, match="too long"):
        parse(long_number + "0")
    # brackets: 30 levels pass, 31 do not
    parse("(" * 30 + "x" + ")" * 30)
    with pytest.raises(ValueError, match="nested"):
        parse("(" * 31 + "x" + ")" * 31)
    # tree depth: 30 levels pass (29 minus signs above x), 31 do not
    parse("-" * 29 + "x")
    with pytest.raises(ValueError, match="nested"):
        parse("-" * 30 + "x")

    # node count: a sum of k products of m factors has 2km − 1 nodes and depth about k + m
    def block(k, m):
        return "+".join(["*".join(["x"] * m)] * k)
    assert parse(block(10, 10)).size() == 199
    with pytest.raises(ValueError, match="too large"):
        parse(block(11, 11))                           # 241 nodes, depth 22
    # exponents and numbers
    parse("x**100 + x**-100 + x**(50*2)")
    for bad in ("x**100.5", "x**(-101)", "2**(7*15)"):
        with pytest.raises(ValueError, match="exponent"):
            parse(bad)
    parse("1e12*x + 1000000000000")
    with pytest.raises(ValueError, match="too large"):
        parse("1000000000001*x")


def test_refusals_are_fast_even_for_nasty_inputs():
    nasty = ["9**" * 99 + "9", "(" * 150 + ")" * 150, "-" * 299 + "x", "x" + "**x" * 99,
             "sin(" * 70 + "x" + ")" * 70, "1" * 300, "[" * 150 + "]" * 150]
    for text in nasty:
        start = time.perf_counter()
        with pytest.raises(ValueError):
            parse(text)
        assert time.perf_counter() - start < 0.5


def test_invalid_values_become_nan_or_inf_without_warnings():
    x = np.array([-1.0, 0.0, 2.0, 1e200])
    y = np.array([0.0, 0.0, 3.0, 1e200])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(parse("log(x)")(x, y)[0]) and parse("log(x)")(x, y)[1] == -np.inf
        assert parse("1/y")(x, y)[0] == np.inf
        assert np.isnan(parse("sqrt(x)")(x, y)[0])
        assert parse("x*y*x")(x, y)[3] == np.inf
        assert np.isnan(parse("arcsin(x + 0.5)")(x, y)[2])
        dx, _ = gradient(parse("sqrt(x)"))
        assert dx(x, y)[1] == np.inf
        assert parse("sigmoid(-1000*(x+2))")(x, y)[0] == 0.0


def test_constant_formulas_broadcast():
    expr = parse("2*pi")
    out = expr(X, Y)
    assert out.shape == X.shape and np.all(out == 2 * np.pi)
    out = expr(torch.tensor(X), torch.tensor(Y))
    assert isinstance(out, torch.Tensor) and out.shape == (len(X),)
    dx, dy = gradient(parse("x + 2"))
    assert np.all(dx(X, Y) == 1.0) and np.all(dy(X, Y) == 0.0)


def test_tex():
    tex = parse("sqrt(x)/abs(y) + sin(pi*x)^2").tex()
    for part in (r"\frac", r"\sqrt", r"\left|", r"\sin", r"\pi"):
        assert part in tex


def test_source_has_no_eval_exec_or_compile():
    source = pathlib.Path(formula.__file__).read_text()
    tree = ast.parse(source)
    banned = {"eval", "exec", "compile", "__import__", "parse_expr", "sympify"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            assert name not in banned, f"{name} called at line {node.lineno}"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            mods = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            assert not any("sympy" in m for m in mods)
