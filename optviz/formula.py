"""Formulas f(x, y) typed by users, read safely into a small expression tree.

The text is split into a syntax tree by `ast.parse(text, mode="eval")`, which runs nothing.
Every node is checked against a whitelist and copied into an `Expr`: numbers, the names
`x`, `y`, `pi`, `e`, the operators + - * / ** (and ^ for power), unary minus/plus, and calls of
the functions in `FUNCTIONS`. Anything else is refused with a `ValueError` that names the part.

An `Expr` evaluates vectorised on numpy arrays or torch tensors, and `gradient(expr)` builds the
exact partial derivatives as two more `Expr` trees (chain rule, with trivial simplification).

    expr = parse("x**2 + 3*sin(y)")
    expr(xs, ys)                 # 2*x… evaluated elementwise
    dx, dy = gradient(expr)      # 2*x,  3*cos(y)
"""
from __future__ import annotations

import ast
import math
from dataclasses import dataclass

import numpy as np

from .optimizers._base import xp

MAX_LENGTH = 300       # characters
MAX_DEPTH = 30         # levels of the expression tree
MAX_NESTING = 30       # levels of brackets in the text
MAX_NODES = 200        # numbers, names, operators and calls
MAX_EXPONENT = 100.0   # |p| for a constant exponent in a ** p
MAX_NUMBER = 1e12      # |literal|

# accepted spelling -> canonical name (the numpy/torch function of the same name)
FUNCTIONS: dict[str, str] = {
    "sin": "sin", "cos": "cos", "tan": "tan", "exp": "exp", "log": "log", "sqrt": "sqrt",
    "abs": "abs", "tanh": "tanh", "sinh": "sinh", "cosh": "cosh", "sigmoid": "sigmoid",
    "arctan": "arctan", "atan": "arctan", "arcsin": "arcsin", "asin": "arcsin",
    "arccos": "arccos", "acos": "arccos",
}
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
VARIABLES = ("x", "y")

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_OPERATOR_TEXT = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.LShift: "<<",
                  ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^",
                  ast.Invert: "~", ast.Not: "not"}
_REFUSED = {   # node type -> message
    ast.Attribute: "attribute access is not allowed", ast.Subscript: "subscripts are not allowed",
    ast.Lambda: "lambda is not allowed", ast.IfExp: "conditional expressions (if/else) are not allowed",
    ast.List: "lists are not allowed", ast.Tuple: "tuples are not allowed",
    ast.Dict: "dicts are not allowed", ast.Set: "sets are not allowed",
    ast.ListComp: "comprehensions are not allowed", ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed", ast.GeneratorExp: "generators are not allowed",
    ast.Compare: "comparisons are not allowed", ast.BoolOp: "'and'/'or' are not allowed",
    ast.NamedExpr: "assignments (:=) are not allowed", ast.JoinedStr: "f-strings are not allowed",
    ast.FormattedValue: "f-strings are not allowed", ast.Starred: "'*' unpacking is not allowed",
    ast.Slice: "slices are not allowed", ast.Await: "await is not allowed",
    ast.Yield: "yield is not allowed", ast.YieldFrom: "yield is not allowed",
}


# ---- the expression tree -------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Expr:
    """One node: `op` is "num", "pi", "e", "x", "y", "+", "-", "*", "/", "**", "neg",
    or a function name; `value` is the node's number when it does not depend on x or y."""
    op: str
    args: tuple = ()
    value: float | None = None

    def __call__(self, x, y):
        return evaluate(self, x, y)

    def __str__(self):
        return _text(self)

    def __repr__(self):
        return f"Expr({_text(self)!r})"

    @property
    def is_const(self) -> bool:
        return self.value is not None

    def tex(self) -> str:
        """LaTeX for display."""
        return _tex(self)

    def size(self) -> int:
        return 1 + sum(a.size() for a in self.args)

    def depth(self) -> int:
        return 1 + max((a.depth() for a in self.args), default=0)


def _num(v: float) -> Expr:
    return Expr("num", (), float(v))


_ZERO, _ONE = _num(0.0), _num(1.0)


def _fold(op: str, vals) -> float:
    """The number a constant node stands for, in float64 (overflow gives inf, never an error)."""
    with np.errstate(all="ignore"):
        v = [np.float64(a) for a in vals]
        if op == "+":
            r = v[0] + v[1]
        elif op == "-":
            r = v[0] - v[1]
        elif op == "*":
            r = v[0] * v[1]
        elif op == "/":
            r = v[0] / v[1]
        elif op == "**":
            r = np.power(v[0], v[1])
        elif op == "neg":
            r = -v[0]
        else:
            r = _apply(op, np, v[0])
    return float(r)


def _node(op: str, *args: Expr) -> Expr:
    """A node exactly as written (no simplification), with its constant value if it has one."""
    value = _fold(op, [a.value for a in args]) if all(a.is_const for a in args) else None
    return Expr(op, args, value)


def _apply(name: str, ns, a):
    """Function `name` from namespace `ns` (numpy or torch) applied to `a`."""
    if name == "sigmoid":
        return 0.5 * (1.0 + ns.tanh(0.5 * a))   # = 1 / (1 + e^-a), without overflow
    return getattr(ns, name)(a)


# ---- parsing -------------------------------------------------------------------------------

def parse(formula: str) -> Expr:
    """Read `formula` (a string in x and y) into an `Expr`, or raise `ValueError` naming the problem.

    Limits: at most 300 characters, 30 levels of brackets and of tree depth, 200 nodes,
    literals up to 1e12 in magnitude, constant exponents up to 100 in magnitude.
    """
    if not isinstance(formula, str):
        raise ValueError(f"formula must be a string, got {type(formula).__name__}")
    text = formula.strip()
    if not text:
        raise ValueError("formula is empty; write an expression in x and y, e.g. x**2 + y**2")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"formula is too long: {len(text)} characters (at most {MAX_LENGTH})")
    _check_nesting(text)
    text = text.replace("^", "**")     # ^ means power here, with the precedence of **
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as err:
        where = f" at column {err.offset}" if err.offset else ""
        raise ValueError(f"cannot read the formula{where}: {err.msg}") from None
    except (ValueError, RecursionError, MemoryError) as err:
        raise ValueError(f"cannot read the formula: {err}") from None
    return _Reader(text).read(tree.body)


def _check_nesting(text: str):
    depth = deepest = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    if deepest > MAX_NESTING:
        raise ValueError(f"parentheses nested too deeply: {deepest} levels (at most {MAX_NESTING})")


class _Reader:
    """Whitelist walk over a Python syntax tree, producing `Expr` nodes."""

    def __init__(self, text: str):
        self.text = text
        self.nodes = 0

    def part(self, node) -> str:
        seg = ast.get_source_segment(self.text, node) or type(node).__name__
        return seg if len(seg) <= 40 else seg[:37] + "..."

    def read(self, node, depth: int = 1) -> Expr:
        if depth > MAX_DEPTH:
            raise ValueError(f"formula is nested too deeply (more than {MAX_DEPTH} levels) "
                             f"near '{self.part(node)}'")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ValueError(f"formula is too large: more than {MAX_NODES} numbers, names and operations")
        kind = type(node)
        if kind is ast.Constant:
            return self.constant(node)
        if kind is ast.Name:
            return self.name(node)
        if kind is ast.BinOp:
            return self.binary(node, depth)
        if kind is ast.UnaryOp:
            if isinstance(node.op, ast.USub):
                return _node("neg", self.read(node.operand, depth + 1))
            if isinstance(node.op, ast.UAdd):
                return self.read(node.operand, depth + 1)
            raise ValueError(f"operator '{_OPERATOR_TEXT.get(type(node.op), '?')}' is not allowed "
                             f"in '{self.part(node)}'")
        if kind is ast.Call:
            return self.call(node, depth)
        what = _REFUSED.get(kind, f"'{kind.__name__}' is not allowed")
        raise ValueError(f"{what}: '{self.part(node)}'")

    def constant(self, node) -> Expr:
        v = node.value
        if isinstance(v, (str, bytes)):
            raise ValueError(f"strings are not allowed: '{self.part(node)}'")
        if isinstance(v, bool) or v is None or v is Ellipsis:
            raise ValueError(f"'{self.part(node)}' is not allowed; use numbers, x and y")
        if isinstance(v, complex):
            raise ValueError(f"complex numbers are not allowed: '{self.part(node)}'")
        if not isinstance(v, (int, float)):
            raise ValueError(f"'{self.part(node)}' is not allowed")
        if not abs(v) <= MAX_NUMBER:      # also refuses inf and nan
            raise ValueError(f"number '{self.part(node)}' is too large (at most {MAX_NUMBER:g} in magnitude)")
        return _num(v)

    def name(self, node) -> Expr:
        n = node.id
        if n in VARIABLES:
            return Expr(n)
        if n in CONSTANTS:
            return Expr(n, (), CONSTANTS[n])
        if n in FUNCTIONS:
            raise ValueError(f"function '{n}' must be called with one argument, e.g. {n}(x)")
        raise ValueError(f"name '{n}' is not allowed; use x and y (and the constants pi, e)")

    def binary(self, node, depth) -> Expr:
        op = _BINARY.get(type(node.op))
        if op is None:
            raise ValueError(f"operator '{_OPERATOR_TEXT.get(type(node.op), '?')}' is not allowed "
                             f"in '{self.part(node)}'")
        a = self.read(node.left, depth + 1)
        b = self.read(node.right, depth + 1)
        if op == "**" and b.is_const and not abs(b.value) <= MAX_EXPONENT:
            raise ValueError(f"exponent {b.value:.6g} in '{self.part(node)}' is too large "
                             f"(a constant exponent must be at most {MAX_EXPONENT:g} in magnitude)")
        return _node(op, a, b)

    def call(self, node, depth) -> Expr:
        func = node.func
        if isinstance(func, ast.Attribute):
            raise ValueError(f"attribute access is not allowed: '{self.part(func)}'")
        if not isinstance(func, ast.Name):
            raise ValueError(f"only named functions can be called, not '{self.part(func)}'")
        if func.id not in FUNCTIONS:
            raise ValueError(f"function '{func.id}' is not allowed; allowed functions: "
                             + ", ".join(sorted(FUNCTIONS)))
        if node.keywords:
            raise ValueError(f"keyword arguments are not allowed: '{self.part(node)}'")
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise ValueError(f"'*' unpacking is not allowed: '{self.part(node)}'")
        if len(node.args) != 1:
            raise ValueError(f"function '{func.id}' takes exactly 1 argument, got {len(node.args)} "
                             f"in '{self.part(node)}'")
        return _node(FUNCTIONS[func.id], self.read(node.args[0], depth + 1))


# ---- evaluation ----------------------------------------------------------------------------

def evaluate(expr: Expr, x, y):
    """Elementwise value of `expr` at arrays `x`, `y` (numpy or torch, same shape).

    Invalid operations give nan/inf rather than errors (numpy warnings are silenced)."""
    ns = xp(x)
    if ns is np:
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
    memo: dict[int, object] = {}
    with np.errstate(all="ignore"):
        out = _eval(expr, x, y, ns, memo)
    if expr.is_const or not hasattr(out, "shape") or tuple(out.shape) != tuple(x.shape):
        out = out + ns.zeros_like(x)      # constants (and x-only or y-only parts) broadcast to x's shape
    return out


def _eval(e: Expr, x, y, ns, memo):
    if e.value is not None:
        return e.value
    key = id(e)
    if key in memo:
        return memo[key]
    op = e.op
    if op == "x":
        r = x
    elif op == "y":
        r = y
    elif op == "neg":
        r = -_eval(e.args[0], x, y, ns, memo)
    elif op in ("+", "-", "*", "/", "**"):
        a = _eval(e.args[0], x, y, ns, memo)
        b = _eval(e.args[1], x, y, ns, memo)
        r = a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else a / b if op == "/" else a ** b
    else:
        r = _apply(op, ns, _eval(e.args[0], x, y, ns, memo))
    memo[key] = r
    return r


# ---- symbolic derivative -------------------------------------------------------------------
# Builders that simplify the trivial cases (0*a, 1*a, a+0, a**1, folding of two numbers).

def _is(e: Expr, v: float) -> bool:
    return e.op == "num" and e.value == v


def add(a: Expr, b: Expr) -> Expr:
    if _is(a, 0):
        return b
    if _is(b, 0):
        return a
    if a.op == "num" and b.op == "num":
        return _num(a.value + b.value)
    return _node("+", a, b)


def sub(a: Expr, b: Expr) -> Expr:
    if _is(b, 0):
        return a
    if _is(a, 0):
        return neg(b)
    if a.op == "num" and b.op == "num":
        return _num(a.value - b.value)
    return _node("-", a, b)


def mul(a: Expr, b: Expr) -> Expr:
    if _is(a, 0) or _is(b, 0):
        return _ZERO
    if _is(a, 1):
        return b
    if _is(b, 1):
        return a
    if _is(a, -1):
        return neg(b)
    if _is(b, -1):
        return neg(a)
    if a.op == "num" and b.op == "num":
        return _num(a.value * b.value)
    if b.op == "num":            # numbers in front: 2*x rather than x*2
        a, b = b, a
    return _node("*", a, b)


def div(a: Expr, b: Expr) -> Expr:
    if _is(a, 0):
        return _ZERO
    if _is(b, 1):
        return a
    if a.op == "num" and b.op == "num" and b.value != 0:
        return _num(a.value / b.value)
    return _node("/", a, b)


def neg(a: Expr) -> Expr:
    if a.op == "num":
        return _num(-a.value) if a.value != 0 else _ZERO
    if a.op == "neg":
        return a.args[0]
    return _node("neg", a)


def power(a: Expr, b: Expr) -> Expr:
    if _is(b, 0):
        return _ONE
    if _is(b, 1):
        return a
    return _node("**", a, b)


def call(name: str, a: Expr) -> Expr:
    return _node(name, a)


def diff(e: Expr, var: str, _memo: dict | None = None) -> Expr:
    """∂e/∂var as a new tree (`var` is "x" or "y")."""
    memo = {} if _memo is None else _memo
    key = id(e)
    if key in memo:
        return memo[key][1]
    d = _diff(e, var, memo)
    memo[key] = (e, d)          # keep e alive so its id stays unique during this walk
    return d


def _diff(e: Expr, var: str, memo) -> Expr:
    op = e.op
    if e.is_const:
        return _ZERO
    if op in VARIABLES:
        return _ONE if op == var else _ZERO
    a = e.args[0]
    da = diff(a, var, memo)
    if op == "neg":
        return neg(da)
    if op in ("+", "-", "*", "/", "**"):
        b = e.args[1]
        db = diff(b, var, memo)
        if op == "+":
            return add(da, db)
        if op == "-":
            return sub(da, db)
        if op == "*":                                   # (ab)' = a'b + ab'
            return add(mul(da, b), mul(a, db))
        if op == "/":                                   # (a/b)' = a'/b − a b'/b²
            return sub(div(da, b), div(mul(a, db), power(b, _num(2))))
        if b.is_const:                                  # (a^p)' = p a^(p−1) a'
            return mul(mul(_num(b.value), power(a, _num(b.value - 1.0))), da)
        if a.is_const:                                  # (c^b)' = c^b log(c) b'
            if a.value == 0:                            # 0^b is flat (0 for b > 0)
                return _ZERO
            return mul(mul(e, _num(_fold("log", [abs(a.value)]))), db)   # log|c|: see the general case
        # (a^b)' = a^b (b' log|a| + b a'/a); a^b is real for a < 0 only at whole b, where
        # log|a| keeps the b' term finite (it is exactly 0 when b' is 0)
        return mul(e, add(mul(db, call("log", call("abs", a))), div(mul(b, da), a)))
    if _is(da, 0):
        return _ZERO
    outer = {                                           # f'(a) for f = op
        "sin": lambda: call("cos", a),
        "cos": lambda: neg(call("sin", a)),
        "tan": lambda: div(_ONE, power(call("cos", a), _num(2))),
        "exp": lambda: e,
        "log": lambda: div(_ONE, a),
        "sqrt": lambda: div(_num(0.5), e),
        "abs": lambda: call("sign", a),
        "sign": lambda: _ZERO,
        "tanh": lambda: sub(_ONE, power(e, _num(2))),
        "sinh": lambda: call("cosh", a),
        "cosh": lambda: call("sinh", a),
        "arctan": lambda: div(_ONE, add(_ONE, power(a, _num(2)))),
        "arcsin": lambda: div(_ONE, call("sqrt", sub(_ONE, power(a, _num(2))))),
        "arccos": lambda: neg(div(_ONE, call("sqrt", sub(_ONE, power(a, _num(2)))))),
        "sigmoid": lambda: mul(e, sub(_ONE, e)),
    }[op]()
    return mul(outer, da)


def gradient(expr: Expr) -> tuple[Expr, Expr]:
    """(∂f/∂x, ∂f/∂y) as expression trees."""
    return diff(expr, "x"), diff(expr, "y")


# ---- printing ------------------------------------------------------------------------------

_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "**": 4}


def _prec(e: Expr) -> int:
    if e.op == "num" and e.value < 0:
        return 3
    return _PREC.get(e.op, 5)


def _number(v: float) -> str:
    if v != v or math.isinf(v):
        return "nan" if v != v else ("inf" if v > 0 else "-inf")
    return f"{v:.12g}"


def _text(e: Expr) -> str:
    """Python-syntax text that parses back to the same values."""
    op = e.op
    if op == "num":
        return _number(e.value)
    if op in ("x", "y", "pi", "e"):
        return op
    if op == "neg":
        a = e.args[0]
        inner = _text(a)
        return f"-({inner})" if _prec(a) <= 3 else f"-{inner}"
    if op in _PREC:
        a, b = e.args
        p = _PREC[op]
        left, right = _text(a), _text(b)
        if op == "**":
            left_paren = _prec(a) <= 4
            right_paren = _prec(b) < 4
        else:
            left_paren = _prec(a) < p
            right_paren = _prec(b) <= p
        left = f"({left})" if left_paren else left
        right = f"({right})" if right_paren else right
        return f"{left}{op}{right}" if op in ("**", "*", "/") else f"{left} {op} {right}"
    return f"{op}({_text(e.args[0])})"


_TEX_FUNC = {"sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "exp": r"\exp", "log": r"\log",
             "tanh": r"\tanh", "sinh": r"\sinh", "cosh": r"\cosh", "arctan": r"\arctan",
             "arcsin": r"\arcsin", "arccos": r"\arccos", "sigmoid": r"\sigma",
             "sign": r"\operatorname{sign}"}


def _tex(e: Expr) -> str:
    op = e.op
    if op == "num":
        s = _number(e.value)
        if "e" in s and s not in ("inf", "-inf", "nan"):
            m, ex = s.split("e")
            s = rf"{m}\cdot 10^{{{int(ex)}}}"
        return s
    if op in ("x", "y", "e"):
        return op
    if op == "pi":
        return r"\pi"
    if op == "neg":
        a = e.args[0]
        return rf"-\left({_tex(a)}\right)" if _prec(a) <= 3 else f"-{_tex(a)}"
    if op == "/":
        return rf"\frac{{{_tex(e.args[0])}}}{{{_tex(e.args[1])}}}"
    if op == "**":
        a, b = e.args
        base = _tex(a)
        if _prec(a) <= 4 or a.op in _TEX_FUNC:
            base = rf"\left({base}\right)"
        return f"{base}^{{{_tex(b)}}}"
    if op in ("+", "-", "*"):
        a, b = e.args
        left, right = _tex(a), _tex(b)
        if _prec(a) < _PREC[op]:
            left = rf"\left({left}\right)"
        if _prec(b) < _PREC[op] or (op == "-" and _prec(b) == 1) or (op == "*" and _prec(b) == 3):
            right = rf"\left({right}\right)"
        sym = {"+": " + ", "-": " - ", "*": r" \cdot "}[op]
        return f"{left}{sym}{right}"
    if op == "sqrt":
        return rf"\sqrt{{{_tex(e.args[0])}}}"
    if op == "abs":
        return rf"\left|{_tex(e.args[0])}\right|"
    return rf"{_TEX_FUNC[op]}\left({_tex(e.args[0])}\right)"
