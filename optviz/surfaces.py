"""2-D loss surfaces: value, exact gradient, plotting domain, minima and suggested starts.

    surf = surface("ravine", condition=50, angle=30)
    surf.f(xy)      # xy [runs, 2] -> [runs]      (numpy float64, or torch tensors)
    surf.grad(xy)   # xy [runs, 2] -> [runs, 2]   analytic gradient
    surf.grid(120)  # xs, ys, Z with Z[i, j] = f(xs[j], ys[i]), memoised

A `Surface` is plain data plus two functions of (x, y); it pickles and hashes as
`(name, params)` and is rebuilt with `surface(name, **params)`, so `st.cache_data` never
has to pickle a closure.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import numpy as np

from . import formula as _formula
from .optimizers._base import xp
from .i18n import describe

TWO_PI = 2.0 * math.pi


@dataclass(frozen=True, eq=False)
class Surface:
    """A 2-D loss surface f(x, y) with what the pages need to draw and explain it.

    Its only dataclass fields are `name` and `params` (so hashing it, as `st.cache_data` does
    through `dataclasses.asdict`, or pickling it, touches just those); building one validates
    them and fills in the attributes below. Prefer `surface(name, **params)`, which caches.

    Attributes
    ----------
    domain        ((x_min, x_max), (y_min, y_max)) for plotting
    minima        [k, 2] all global minima; [0, 2] when f is unbounded below
    f_min         f at the global minima, or None
    local_minima  [j, 2] the other known local minima (may be empty)
    starts        [m, 2] suggested start points, most instructive first
    hessian       [2, 2] constant Hessian of a quadratic, else None
    lipschitz     largest |eigenvalue| of that Hessian (GD is stable for lr < 2/lipschitz), else None
    log_scale     contours read better on log(f − f_min + c)
    grid_min      custom formulas: lowest value on a 200×200 grid (for plotting only), else None
    tex           the formula in LaTeX (its title and description: optviz.i18n.describe)
    """
    name: str
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        name, params = _validated(self.name, self.params)
        d = _REGISTRY[name][0](**params)
        hessian = d.get("hessian")
        if hessian is not None:
            hessian = np.array(hessian, dtype=np.float64)
            hessian.setflags(write=False)
        attrs = dict(
            name=name, params=params, domain=d["domain"],
            minima=_array(d["minima"]), local_minima=_array(d.get("local_minima", [])),
            f_min=d["f_min"], starts=_array(d["starts"]),
            tex=d["tex"], hessian=hessian,
            lipschitz=None if hessian is None else float(np.abs(np.linalg.eigvalsh(hessian)).max()),
            log_scale=d.get("log_scale", False), grid_min=d.get("grid_min"),
            _value=d["value"], _gradient=d["gradient"], _memo={},
        )
        for k, v in attrs.items():
            object.__setattr__(self, k, v)

    def f(self, xy):
        """Loss at points `xy` [..., 2] -> [...]."""
        xy = _points(xy)
        with np.errstate(all="ignore"):
            return self._value(xy[..., 0], xy[..., 1])

    def grad(self, xy):
        """Exact gradient at points `xy` [..., 2] -> [..., 2]."""
        xy = _points(xy)
        x, y = xy[..., 0], xy[..., 1]
        with np.errstate(all="ignore"):
            gx, gy = self._gradient(x, y)
        return xp(x).stack([gx + 0 * x, gy + 0 * y], -1)   # `+ 0*x` broadcasts constant parts

    @property
    def functions(self):
        """(value(x, y), gradient(x, y) -> (gx, gy)) on coordinate arrays, without the float-error
        guard of `f`/`grad`: for hot loops that run under `np.errstate` themselves."""
        return self._value, self._gradient

    def grid(self, n: int = 120):
        """(xs [n], ys [n], Z [n, n]) with Z[i, j] = f(xs[j], ys[i]); read-only, memoised per n."""
        n = int(n)
        if not 2 <= n <= 2000:
            raise ValueError(f"grid size must be between 2 and 2000, got {n}")
        if n not in self._memo:
            (x0, x1), (y0, y1) = self.domain
            xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
            X, Y = np.meshgrid(xs, ys)
            Z = np.asarray(self.f(np.stack([X.ravel(), Y.ravel()], -1)), dtype=np.float64).reshape(n, n)
            for a in (xs, ys, Z):
                a.setflags(write=False)
            self._memo[n] = (xs, ys, Z)
        return self._memo[n]

    @property
    def label(self) -> str:
        return describe(self, "en", "title")

    def __reduce__(self):
        return (_rebuild, (self.name, dict(self.params)))

    def __eq__(self, other):
        return isinstance(other, Surface) and self.name == other.name and _key(self.params) == _key(other.params)

    def __hash__(self):
        return hash((self.name, _key(self.params)))

    def key(self) -> tuple:
        """A lossless, hashable description (cache key): the name and every parameter."""
        from ._keys import value_key
        return ("surface", self.name, value_key(self.params))

    def __repr__(self):
        args = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"optviz.surface({self.name!r}{args})"


def _rebuild(name: str, params: dict) -> Surface:
    return surface(name, **params)


def _points(xy):
    if xp(xy) is np:
        return np.asarray(xy, dtype=np.float64)
    return xy


def _key(params: dict) -> tuple:
    return tuple(sorted(params.items()))


def _array(rows) -> np.ndarray:
    a = np.array(rows, dtype=np.float64).reshape(-1, 2)
    a.setflags(write=False)
    return a


def _polish(grad: Callable, points, steps: int = 40) -> np.ndarray:
    """Newton's method on the analytic gradient (Hessian by central differences of it),
    turning published few-digit minima into stationary points accurate to rounding."""
    p = np.array(points, dtype=np.float64).reshape(-1, 2)
    h = 1e-6
    for _ in range(steps):
        g = grad(p)
        H = np.stack([(grad(p + [h, 0.0]) - grad(p - [h, 0.0])) / (2 * h),
                      (grad(p + [0.0, h]) - grad(p - [0.0, h])) / (2 * h)], -1)
        p = p - np.linalg.solve(H, g[..., None])[..., 0]
    return p


def _numbers(*vals) -> str:
    return ", ".join(f"{v:g}" for v in vals)


# ---- the surfaces --------------------------------------------------------------------------
# Each builder takes the validated parameters and returns the Surface's fields.

def _quadratic(scale):
    s = scale
    return dict(
        value=lambda x, y: 0.5 * s * (x * x + y * y),
        gradient=lambda x, y: (s * x, s * y),
        domain=((-3.0, 3.0), (-3.0, 3.0)),
        minima=[[0.0, 0.0]], f_min=0.0,
        starts=[[-2.5, 2.0], [2.0, 1.0], [-1.0, -2.5]],
        hessian=[[s, 0.0], [0.0, s]],
        tex=rf"f(x,y) = \tfrac{{{s:g}}}{{2}}\,(x^2 + y^2)",
    )


def _ravine(condition, angle):
    k = condition
    t = math.radians(angle)
    c, s = math.cos(t), math.sin(t)
    # u runs along the valley floor (curvature 1), v across it (curvature κ)
    hessian = [[c * c + k * s * s, (1 - k) * c * s], [(1 - k) * c * s, s * s + k * c * c]]

    def value(x, y):
        u, v = c * x + s * y, -s * x + c * y
        return 0.5 * (u * u + k * v * v)

    def gradient(x, y):
        u, v = c * x + s * y, -s * x + c * y
        return c * u - s * k * v, s * u + c * k * v

    def at(u, v):   # valley coordinates -> (x, y)
        return [c * u - s * v, s * u + c * v]

    return dict(
        value=value, gradient=gradient,
        domain=((-4.0, 4.0), (-4.0, 4.0)),
        minima=[[0.0, 0.0]], f_min=0.0,
        starts=[at(-3.5, 0.5), at(3.0, -0.8), at(-1.0, 1.2)],
        hessian=hessian, log_scale=True,
        tex=(rf"f = \tfrac12\left(u^2 + {k:g}\,v^2\right),\quad u = x\cos\theta + y\sin\theta,\ "
             rf"v = y\cos\theta - x\sin\theta,\ \theta = {angle:g}^\circ"),
    )


def _rosenbrock(a, b):
    return dict(
        value=lambda x, y: (a - x) ** 2 + b * (y - x * x) ** 2,
        gradient=lambda x, y: (-2.0 * (a - x) - 4.0 * b * x * (y - x * x), 2.0 * b * (y - x * x)),
        domain=((-2.0, 2.0), (-1.0, 3.0)),
        minima=[[a, a * a]], f_min=0.0,
        starts=[[-1.5, 2.0], [-1.2, 1.0], [1.5, -0.5]],
        log_scale=True,
        tex=rf"f(x,y) = ({a:g} - x)^2 + {b:g}\,(y - x^2)^2",
    )


def _saddle():
    return dict(
        value=lambda x, y: x * x - y * y,
        gradient=lambda x, y: (2.0 * x, -2.0 * y),
        domain=((-2.0, 2.0), (-2.0, 2.0)),
        minima=[], f_min=None,
        starts=[[-1.5, 1e-3], [1.5, -0.05], [-1.5, 0.3]],
        hessian=[[2.0, 0.0], [0.0, -2.0]],
        tex=r"f(x,y) = x^2 - y^2",
    )


def _monkey_saddle():
    return dict(
        value=lambda x, y: x ** 3 - 3.0 * x * y * y,
        gradient=lambda x, y: (3.0 * x * x - 3.0 * y * y, -6.0 * x * y),
        domain=((-1.5, 1.5), (-1.5, 1.5)),
        minima=[], f_min=None,
        starts=[[1.2, 1e-3], [0.9, 0.3], [-1.0, 0.6]],
        tex=r"f(x,y) = x^3 - 3xy^2",
    )


_PLATEAU_TILT = 0.002


def _plateau():
    c = _PLATEAU_TILT

    def value(x, y):
        r2 = x * x + y * y
        return 1.0 - xp(r2).exp(-0.5 * r2) + c * r2

    def gradient(x, y):
        r2 = x * x + y * y
        k = xp(r2).exp(-0.5 * r2) + 2.0 * c
        return k * x, k * y

    return dict(
        value=value, gradient=gradient,
        domain=((-5.0, 5.0), (-5.0, 5.0)),
        minima=[[0.0, 0.0]], f_min=0.0,
        starts=[[-4.0, 3.0], [4.5, 0.5], [-2.0, -4.0]],
        tex=rf"f(x,y) = 1 - e^{{-(x^2+y^2)/2}} + {c:g}\,(x^2 + y^2)",
    )


# cliff: the valley 0.1(x−3)² + 0.5y² runs into a wall of height 10 rising over 0.05 in x
_CLIFF = dict(x0=1.0, width=0.05, height=10.0, centre=3.0)


def _cliff():
    x0, w, H, m = _CLIFF["x0"], _CLIFF["width"], _CLIFF["height"], _CLIFF["centre"]

    def value(x, y):
        t = xp(x).clip((x - x0) / w, 0.0, 1.0)
        wall = t * t * t * (10.0 + t * (6.0 * t - 15.0))      # smootherstep, C² from 0 to 1
        return 0.1 * (x - m) ** 2 + 0.5 * y * y + H * wall

    def gradient(x, y):
        t = xp(x).clip((x - x0) / w, 0.0, 1.0)
        slope = 30.0 * t * t * (1.0 - t) ** 2 / w             # d smootherstep / dx (0 off the wall)
        return 0.2 * (x - m) + H * slope, y

    def grad_points(p):
        gx, gy = gradient(p[:, 0], p[:, 1])
        return np.stack([gx, gy], -1)

    # global minimum: where the wall's first rise balances the valley's pull (t ≈ 0.008);
    # a second, higher minimum lies on the shelf above the wall at the valley's centre
    minimum = _polish(grad_points, [[x0 + 0.0082 * w, 0.0]])
    shelf = _polish(grad_points, [[m, 0.0]])
    return dict(
        value=value, gradient=gradient,
        domain=((-4.0, 4.0), (-2.5, 2.5)),
        minima=minimum, f_min=float(value(minimum[0, 0], minimum[0, 1])),
        local_minima=shelf,
        starts=[[-3.5, 1.5], [-3.0, -2.0], [-1.0, 1.5]],
        log_scale=True,
        tex=(rf"f(x,y) = 0.1\,(x-{m:g})^2 + 0.5\,y^2 + {H:g}\,S\!\left(\tfrac{{x-{x0:g}}}{{{w:g}}}\right),"
             r"\ S(t) = 6t^5 - 15t^4 + 10t^3 \text{ on } [0,1]"),
    )


def _beale():
    def parts(x, y):
        return 1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y ** 3

    def value(x, y):
        t1, t2, t3 = parts(x, y)
        return t1 * t1 + t2 * t2 + t3 * t3

    def gradient(x, y):
        t1, t2, t3 = parts(x, y)
        gx = 2.0 * (t1 * (y - 1.0) + t2 * (y * y - 1.0) + t3 * (y ** 3 - 1.0))
        gy = 2.0 * x * (t1 + 2.0 * t2 * y + 3.0 * t3 * y * y)
        return gx, gy

    return dict(
        value=value, gradient=gradient,
        domain=((-4.5, 4.5), (-4.5, 4.5)),
        minima=[[3.0, 0.5]], f_min=0.0,
        starts=[[1.0, 1.5], [-0.5, -1.5], [4.0, -1.0]],
        log_scale=True,
        tex=r"f(x,y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
    )


_HIMMELBLAU_MINIMA = [[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]]


def _himmelblau():
    def value(x, y):
        return (x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2

    def gradient(x, y):
        a, b = x * x + y - 11.0, x + y * y - 7.0
        return 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b

    return dict(
        value=value, gradient=gradient,
        domain=((-5.0, 5.0), (-5.0, 5.0)),
        minima=_polish(lambda p: np.stack(gradient(p[:, 0], p[:, 1]), -1), _HIMMELBLAU_MINIMA),
        f_min=0.0,
        starts=[[-0.3, -0.9], [0.0, 0.0], [-1.0, -0.5], [0.5, -1.5]],
        log_scale=True,
        tex=r"f(x,y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    )


def _booth():
    return dict(
        value=lambda x, y: (x + 2.0 * y - 7.0) ** 2 + (2.0 * x + y - 5.0) ** 2,
        gradient=lambda x, y: (10.0 * x + 8.0 * y - 34.0, 8.0 * x + 10.0 * y - 38.0),
        domain=((-4.0, 6.0), (-2.0, 8.0)),
        minima=[[1.0, 3.0]], f_min=0.0,
        starts=[[-3.0, 6.5], [5.0, 7.0], [-3.0, -1.0]],
        hessian=[[10.0, 8.0], [8.0, 10.0]],
        tex=r"f(x,y) = (x + 2y - 7)^2 + (2x + y - 5)^2",
    )


def _matyas():
    return dict(
        value=lambda x, y: 0.26 * (x * x + y * y) - 0.48 * x * y,
        gradient=lambda x, y: (0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x),
        domain=((-10.0, 10.0), (-10.0, 10.0)),
        minima=[[0.0, 0.0]], f_min=0.0,
        starts=[[-8.0, -6.0], [7.0, 9.0], [-8.0, 8.0]],
        hessian=[[0.52, -0.48], [-0.48, 0.52]],
        tex=r"f(x,y) = 0.26\,(x^2 + y^2) - 0.48\,xy",
    )


def _six_hump_camel():
    def value(x, y):
        x2, y2 = x * x, y * y
        return (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x * y + (4.0 * y2 - 4.0) * y2

    def gradient(x, y):
        return 8.0 * x - 8.4 * x ** 3 + 2.0 * x ** 5 + y, x - 8.0 * y + 16.0 * y ** 3

    g = lambda p: np.stack(gradient(p[:, 0], p[:, 1]), -1)  # noqa: E731
    minima = _polish(g, [[0.0898, -0.7126], [-0.0898, 0.7126]])
    return dict(
        value=value, gradient=gradient,
        domain=((-2.0, 2.0), (-1.0, 1.0)),
        minima=minima, f_min=float(value(minima[0, 0], minima[0, 1])),
        local_minima=_polish(g, [[1.7036, -0.7961], [-1.7036, 0.7961], [1.6071, 0.5687], [-1.6071, -0.5687]]),
        starts=[[-1.8, -0.8], [1.9, -0.2], [-1.0, 0.9], [1.2, 0.2]],
        tex=r"f(x,y) = \left(4 - 2.1x^2 + \tfrac{x^4}{3}\right)x^2 + xy + (4y^2 - 4)\,y^2",
    )


def _three_hump_camel():
    def value(x, y):
        x2 = x * x
        return 2.0 * x2 - 1.05 * x2 * x2 + x2 ** 3 / 6.0 + x * y + y * y

    def gradient(x, y):
        return 4.0 * x - 4.2 * x ** 3 + x ** 5 + y, x + 2.0 * y

    g = lambda p: np.stack(gradient(p[:, 0], p[:, 1]), -1)  # noqa: E731
    return dict(
        value=value, gradient=gradient,
        domain=((-2.5, 2.5), (-2.5, 2.5)),
        minima=[[0.0, 0.0]], f_min=0.0,
        local_minima=_polish(g, [[1.7476, -0.8738], [-1.7476, 0.8738]]),
        starts=[[2.2, -1.5], [-2.0, 2.0], [1.0, 2.0]],
        tex=r"f(x,y) = 2x^2 - 1.05x^4 + \tfrac{x^6}{6} + xy + y^2",
    )


def _styblinski_tang():
    def value(x, y):
        return 0.5 * (x ** 4 - 16.0 * x * x + 5.0 * x + y ** 4 - 16.0 * y * y + 5.0 * y)

    def gradient(x, y):
        return 2.0 * x ** 3 - 16.0 * x + 2.5, 2.0 * y ** 3 - 16.0 * y + 2.5

    g = lambda p: np.stack(gradient(p[:, 0], p[:, 1]), -1)  # noqa: E731
    lo, hi = -2.903534, 2.746803           # the two minima of the 1-D quartic
    minima = _polish(g, [[lo, lo]])
    return dict(
        value=value, gradient=gradient,
        domain=((-5.0, 5.0), (-5.0, 5.0)),
        minima=minima, f_min=float(value(minima[0, 0], minima[0, 1])),
        local_minima=_polish(g, [[hi, lo], [lo, hi], [hi, hi]]),
        starts=[[4.5, 4.5], [0.3, 0.3], [-4.5, 4.0]],
        tex=r"f(x,y) = \tfrac12\left(x^4 - 16x^2 + 5x + y^4 - 16y^2 + 5y\right)",
    )


def _rastrigin():
    A = 10.0

    def value(x, y):
        ns = xp(x)
        return 2 * A + x * x - A * ns.cos(TWO_PI * x) + y * y - A * ns.cos(TWO_PI * y)

    def gradient(x, y):
        ns = xp(x)
        return 2.0 * x + A * TWO_PI * ns.sin(TWO_PI * x), 2.0 * y + A * TWO_PI * ns.sin(TWO_PI * y)

    # one local minimum of x² − A cos(2πx) near each integer, found by Newton's method in 1-D
    n = np.arange(-5, 6, dtype=np.float64)
    r = n.copy()
    for _ in range(30):
        r -= (2.0 * r + A * TWO_PI * np.sin(TWO_PI * r)) / (2.0 + A * TWO_PI ** 2 * np.cos(TWO_PI * r))
    X, Y = np.meshgrid(r, r)
    local = np.stack([X.ravel(), Y.ravel()], -1)
    local = local[np.any(local != 0.0, axis=1)]
    return dict(
        value=value, gradient=gradient,
        domain=((-5.12, 5.12), (-5.12, 5.12)),
        minima=[[0.0, 0.0]], f_min=0.0, local_minima=local,
        starts=[[4.2, 3.8], [-2.4, 1.3], [0.6, -0.6]],
        log_scale=False,
        tex=r"f(x,y) = 20 + x^2 - 10\cos 2\pi x + y^2 - 10\cos 2\pi y",
    )


def _ackley():
    def value(x, y):
        ns = xp(x)
        s = ns.sqrt(0.5 * (x * x + y * y))
        return (-20.0 * ns.exp(-0.2 * s) - ns.exp(0.5 * (ns.cos(TWO_PI * x) + ns.cos(TWO_PI * y)))
                + math.e + 20.0)

    def gradient(x, y):
        ns = xp(x)
        s = ns.sqrt(0.5 * (x * x + y * y))
        # the cone's tip at the origin has no gradient; 0 is a subgradient there, and we use it
        cone = ns.where(s > 0, 2.0 * ns.exp(-0.2 * s) / ns.where(s > 0, s, 1.0), 0.0)
        ripple = math.pi * ns.exp(0.5 * (ns.cos(TWO_PI * x) + ns.cos(TWO_PI * y)))
        return cone * x + ripple * ns.sin(TWO_PI * x), cone * y + ripple * ns.sin(TWO_PI * y)

    g = lambda p: np.stack(gradient(p[:, 0], p[:, 1]), -1)  # noqa: E731
    ij = np.arange(-5, 6, dtype=np.float64)
    X, Y = np.meshgrid(ij, ij)
    lattice = np.stack([X.ravel(), Y.ravel()], -1)
    local = _polish(g, lattice[np.any(lattice != 0.0, axis=1)])   # one next to each integer point
    return dict(
        value=value, gradient=gradient,
        domain=((-5.0, 5.0), (-5.0, 5.0)),
        minima=[[0.0, 0.0]], f_min=0.0, local_minima=local,
        starts=[[3.6, 2.7], [-1.3, 1.6], [4.5, -4.5]],
        tex=(r"f(x,y) = -20\,e^{-0.2\sqrt{(x^2+y^2)/2}} - e^{(\cos 2\pi x + \cos 2\pi y)/2}"
             r" + e + 20"),
    )


DEFAULT_FORMULA = "sin(x)*cos(y) + 0.1*(x**2 + y**2)"
DEFAULT_DOMAIN = ((-3.0, 3.0), (-3.0, 3.0))


def _check_gradient_finite(expr, dx, dy, domain, n: int = 64):
    """Refuse a formula whose exact gradient overflows where the formula itself is finite (at the
    centres of an n × n grid of cells over the domain): x / x**(x + 1e12) is 0 there, but its
    derivative is inf/inf. A run on it would stop at the first step for no reason the user can see."""
    (x0, x1), (y0, y1) = domain
    X, Y = np.meshgrid(x0 + (np.arange(n) + 0.5) * (x1 - x0) / n, y0 + (np.arange(n) + 0.5) * (y1 - y0) / n)
    Z = _formula.evaluate(expr, X, Y)
    bad = np.isfinite(Z) & ~(np.isfinite(_formula.evaluate(dx, X, Y)) & np.isfinite(_formula.evaluate(dy, X, Y)))
    if bad.any():
        i = np.flatnonzero(bad)[0]
        raise ValueError(f"the formula's gradient overflows where the formula is finite (at x = {X.flat[i]:.3g}, "
                         f"y = {Y.flat[i]:.3g}); use smaller numbers")


def _custom(formula, domain):
    expr = _formula.parse(formula)
    dx, dy = _formula.gradient(expr)
    (x0, x1), (y0, y1) = domain
    xs, ys = np.linspace(x0, x1, 200), np.linspace(y0, y1, 200)
    X, Y = np.meshgrid(xs, ys)
    Z = _formula.evaluate(expr, X, Y)
    finite = Z[np.isfinite(Z)]
    _check_gradient_finite(expr, dx, dy, domain)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return dict(
        value=lambda x, y: _formula.evaluate(expr, x, y),
        gradient=lambda x, y: (_formula.evaluate(dx, x, y), _formula.evaluate(dy, x, y)),
        domain=domain,
        minima=[], f_min=None,
        grid_min=float(finite.min()) if finite.size else None,
        starts=[[cx + 0.7 * (x0 - cx), cy + 0.7 * (y1 - cy)]],   # 70% of the way to the top-left corner
        tex=f"f(x,y) = {expr.tex()}",
    )


# ---- registry and validation -----------------------------------------------------------------
# name -> (builder, {parameter: (default, low, high, low_is_open)})

_REGISTRY: dict[str, tuple[Callable, dict]] = {
    "quadratic": (_quadratic, {"scale": (1.0, 0.0, 100.0, True)}),
    "ravine": (_ravine, {"condition": (10.0, 1.0, 1e4, False), "angle": (0.0, -360.0, 360.0, False)}),
    "rosenbrock": (_rosenbrock, {"a": (1.0, -1.5, 1.5, False), "b": (100.0, 0.0, 1000.0, True)}),
    "saddle": (_saddle, {}),
    "monkey_saddle": (_monkey_saddle, {}),
    "plateau": (_plateau, {}),
    "cliff": (_cliff, {}),
    "himmelblau": (_himmelblau, {}),
    "beale": (_beale, {}),
    "booth": (_booth, {}),
    "matyas": (_matyas, {}),
    "six_hump_camel": (_six_hump_camel, {}),
    "three_hump_camel": (_three_hump_camel, {}),
    "styblinski_tang": (_styblinski_tang, {}),
    "rastrigin": (_rastrigin, {}),
    "ackley": (_ackley, {}),
    "custom": (_custom, {"formula": (DEFAULT_FORMULA,), "domain": (DEFAULT_DOMAIN,)}),
}

SURFACES: list[str] = list(_REGISTRY)   # UI order; custom last


def surface(name: str, **params) -> Surface:
    """Build a surface by name: `surface("ravine", condition=50, angle=30)`,
    `surface("custom", formula="x**2 + 3*sin(y)", domain=((-3, 3), (-3, 3)))`.

    Unknown names, unknown parameters and out-of-range values raise `ValueError`.
    Surfaces are cached, so the same arguments return the same object (and its memoised grids).
    """
    key, full = _validated(name, params)
    return _build(key, tuple(full.items()))


@lru_cache(maxsize=256)
def _build(name: str, items: tuple) -> Surface:
    return Surface(name, dict(items))


def _validated(name, params) -> tuple[str, dict]:
    """(registry name, all parameters with defaults filled in, as floats/str/tuples)."""
    key = str(name).lower()
    if key not in _REGISTRY:
        raise ValueError(f"unknown surface {name!r}; available: {', '.join(SURFACES)}")
    if not isinstance(params, dict):
        raise ValueError(f"surface parameters must be a dict, got {type(params).__name__}")
    _, specs = _REGISTRY[key]
    unknown = sorted(set(params) - set(specs))
    if unknown:
        takes = f"it takes {list(specs)}" if specs else "it takes no parameters"
        raise ValueError(f"surface {key!r} got unexpected parameter(s) {unknown}; {takes}")
    full = {}
    for pname, spec in specs.items():
        v = params.get(pname, spec[0])
        if pname == "formula":
            full[pname] = _check_formula(v)
        elif pname == "domain":
            full[pname] = _check_domain(v)
        else:
            full[pname] = _check_number(key, pname, v, *spec[1:])
    return key, full


def _check_number(surf, pname, v, low, high, low_open) -> float:
    ok = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
    v = float(v) if ok else v
    if not ok or not math.isfinite(v) or v > high or (v <= low if low_open else v < low):
        bracket = "(" if low_open else "["
        raise ValueError(f"{surf}: {pname} must be a number in {bracket}{low:g}, {high:g}], got {v!r}")
    return v


def _check_formula(v) -> str:
    if not isinstance(v, str):
        raise ValueError(f"custom: formula must be a string, got {type(v).__name__}")
    return v.strip()


def _check_domain(v) -> tuple:
    try:
        (x0, x1), (y0, y1) = v
        x0, x1, y0, y1 = (float(a) for a in (x0, x1, y0, y1))
    except (TypeError, ValueError):
        raise ValueError(f"custom: domain must be ((x_min, x_max), (y_min, y_max)), got {v!r}") from None
    if not all(math.isfinite(a) for a in (x0, x1, y0, y1)):
        raise ValueError(f"custom: domain bounds must be finite, got {v!r}")
    if not (x0 < x1 and y0 < y1):
        raise ValueError(f"custom: domain needs x_min < x_max and y_min < y_max, got {v!r}")
    if x1 - x0 > 1e4 or y1 - y0 > 1e4:
        raise ValueError(f"custom: domain spans at most 1e4 in x and in y, got {v!r}")
    return ((x0, x1), (y0, y1))
