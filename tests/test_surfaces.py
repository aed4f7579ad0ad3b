from optviz.i18n import describe
"""Loss surfaces: gradients against torch autograd, minima against the surface itself
(stationarity, curvature, a dense grid, multistart Newton), published minima, and plumbing."""
import copy
import dataclasses
import math
import pickle
import re

import numpy as np
import pytest
import torch

from optviz.surfaces import SURFACES, Surface, surface

BUILTIN = [n for n in SURFACES if n != "custom"]
VARIANTS = [("ravine", dict(condition=50, angle=30)), ("ravine", dict(condition=1, angle=-75)),
            ("rosenbrock", dict(a=-0.5, b=20)), ("quadratic", dict(scale=3.5))]
ALL = [(n, {}) for n in BUILTIN] + VARIANTS


def _random_points(surf, n=64, seed=0):
    rng = np.random.default_rng(seed)
    (x0, x1), (y0, y1) = surf.domain
    return np.stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)], -1)


def _grid_points(surf, n):
    (x0, x1), (y0, y1) = surf.domain
    X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return np.stack([X.ravel(), Y.ravel()], -1)


def _fd_hessian_of_f(surf, p, h=1e-4):
    """Second central differences of f itself (independent of surf.grad)."""
    p = np.atleast_2d(np.asarray(p, dtype=np.float64))
    f = surf.f
    ex, ey = np.array([h, 0.0]), np.array([0.0, h])
    fxx = (f(p + ex) - 2 * f(p) + f(p - ex)) / h**2
    fyy = (f(p + ey) - 2 * f(p) + f(p - ey)) / h**2
    fxy = (f(p + ex + ey) - f(p + ex - ey) - f(p - ex + ey) + f(p - ex - ey)) / (4 * h**2)
    return np.stack([np.stack([fxx, fxy], -1), np.stack([fxy, fyy], -1)], -2)


def _fd_jacobian_of_grad(surf, p, h=1e-6):
    cols = [(surf.grad(p + e) - surf.grad(p - e)) / (2 * h) for e in (np.array([h, 0.0]), np.array([0.0, h]))]
    return np.stack(cols, -1)


def _inside(surf, p):
    (x0, x1), (y0, y1) = surf.domain
    return (p[:, 0] >= x0) & (p[:, 0] <= x1) & (p[:, 1] >= y0) & (p[:, 1] <= y1)


# ---- gradients -----------------------------------------------------------------------------

@pytest.mark.parametrize("name,params", ALL)
def test_gradient_equals_torch_autograd(name, params):
    surf = surface(name, **params)
    pts = _random_points(surf)
    t = torch.tensor(pts, dtype=torch.float64, requires_grad=True)
    value = surf.f(t)
    assert isinstance(value, torch.Tensor) and value.shape == (len(pts),)
    value.sum().backward()
    auto = t.grad.numpy()
    ours = surf.grad(pts)
    assert ours.shape == (len(pts), 2) and ours.dtype == np.float64
    scale = np.abs(auto).max(axis=1, keepdims=True) + 1.0
    np.testing.assert_array_less(np.abs(ours - auto) / scale, 1e-6)
    # the same numbers from numpy and from torch
    np.testing.assert_allclose(value.detach().numpy(), surf.f(pts), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(surf.grad(torch.tensor(pts)).numpy(), ours, rtol=1e-12, atol=1e-12)


# ---- minima --------------------------------------------------------------------------------

@pytest.mark.parametrize("name,params", ALL)
def test_global_minima(name, params):
    surf = surface(name, **params)
    assert surf.minima.shape[1:] == (2,) and surf.local_minima.shape[1:] == (2,)
    if surf.f_min is None:
        assert surf.minima.shape == (0, 2)
        return
    assert len(surf.minima) >= 1 and _inside(surf, surf.minima).all()
    np.testing.assert_allclose(surf.f(surf.minima), surf.f_min, rtol=0, atol=1e-9)
    assert np.linalg.norm(surf.grad(surf.minima), axis=1).max() <= 1e-6
    Z = surf.f(_grid_points(surf, 400))
    assert np.isfinite(Z).all()
    assert Z.min() >= surf.f_min - 1e-9


@pytest.mark.parametrize("name,params", ALL)
def test_local_minima_are_strict_minima(name, params):
    surf = surface(name, **params)
    loc = surf.local_minima
    if len(loc) == 0:
        return
    assert _inside(surf, loc).all()
    assert np.linalg.norm(surf.grad(loc), axis=1).max() <= 1e-6
    eig = np.linalg.eigvalsh(_fd_hessian_of_f(surf, loc))
    assert (eig[:, 0] > 0).all()
    assert (surf.f(loc) > surf.f_min + 1e-6).all()
    # no duplicates, and none of them is a global minimum
    all_min = np.concatenate([surf.minima, loc])
    d = np.linalg.norm(all_min[:, None] - all_min[None], axis=-1) + np.eye(len(all_min))
    assert d.min() > 1e-3


@pytest.mark.parametrize("name,params", ALL)
def test_every_minimum_found_by_multistart_newton_is_listed(name, params):
    """Newton's method from a 40×40 grid of starts finds stationary points; each one inside the
    domain with a positive-definite Hessian must be one of the listed (global or local) minima."""
    surf = surface(name, **params)
    p = _grid_points(surf, 40)
    with np.errstate(all="ignore"):
        for _ in range(60):
            H = _fd_jacobian_of_grad(surf, p)
            H = H + 1e-12 * np.eye(2)
            step = np.linalg.solve(H, surf.grad(p)[..., None])[..., 0]
            step = np.where(np.isfinite(step), step, 0.0)
            n = np.linalg.norm(step, axis=1, keepdims=True)
            p = p - step * np.minimum(1.0, 0.5 / np.maximum(n, 1e-300))   # damped: ≤ 0.5 per step
        ok = np.isfinite(p).all(1) & _inside(surf, p) & (np.linalg.norm(surf.grad(p), axis=1) < 1e-8)
    p = p[ok]
    if len(p):
        eig = np.linalg.eigvalsh(_fd_hessian_of_f(surf, p))
        p = p[eig[:, 0] > 1e-6]
    listed = np.concatenate([surf.minima, surf.local_minima])
    if surf.f_min is None:
        assert len(p) == 0
        return
    dist = np.linalg.norm(p[:, None] - listed[None], axis=-1).min(axis=1)
    assert dist.max(initial=0.0) < 1e-5, p[dist >= 1e-5]
    assert len(p) > 0


PUBLISHED = {   # minimiser(s) and minimum from the optimisation test-function literature
    "rosenbrock": ([[1, 1]], 0.0),
    "beale": ([[3, 0.5]], 0.0),
    "booth": ([[1, 3]], 0.0),
    "matyas": ([[0, 0]], 0.0),
    "himmelblau": ([[3, 2], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]], 0.0),
    "six_hump_camel": ([[0.0898, -0.7126], [-0.0898, 0.7126]], -1.0316),
    "three_hump_camel": ([[0, 0]], 0.0),
    "styblinski_tang": ([[-2.903534, -2.903534]], -78.33234),
    "rastrigin": ([[0, 0]], 0.0),
    "ackley": ([[0, 0]], 0.0),
    "quadratic": ([[0, 0]], 0.0),
    "ravine": ([[0, 0]], 0.0),
    "plateau": ([[0, 0]], 0.0),
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_minima_match_published_values(name):
    surf = surface(name)
    pts, fmin = PUBLISHED[name]
    pts = np.array(pts, dtype=np.float64)
    assert len(surf.minima) == len(pts)
    d = np.linalg.norm(surf.minima[:, None] - pts[None], axis=-1)
    assert d.min(axis=0).max() < 1e-4          # every published minimiser is listed
    assert surf.f_min == pytest.approx(fmin, abs=1e-4)


def test_known_local_minima_counts_and_values():
    assert len(surface("six_hump_camel").local_minima) == 4
    f6 = np.sort(surface("six_hump_camel").f(surface("six_hump_camel").local_minima))
    np.testing.assert_allclose(f6, [-0.2155, -0.2155, 2.1043, 2.1043], atol=1e-4)
    three = surface("three_hump_camel")
    np.testing.assert_allclose(three.f(three.local_minima), [0.2986, 0.2986], atol=1e-4)
    st = surface("styblinski_tang")
    # 1-D quartic minima −39.16617 (global) and −25.02945 (local, at 2.746803)
    np.testing.assert_allclose(np.sort(st.f(st.local_minima)),
                               [-64.19561, -64.19561, -50.05889], atol=1e-4)
    # Rastrigin / Ackley: one local minimum next to every other integer point of the domain
    for name in ("rastrigin", "ackley"):
        s = surface(name)
        assert len(s.local_minima) == 120
        assert np.abs(s.local_minima - np.round(s.local_minima)).max() < 0.05
        assert len({tuple(v) for v in np.round(s.local_minima)}) == 120


def test_unbounded_surfaces_have_no_minimum():
    for name in ("saddle", "monkey_saddle"):
        surf = surface(name)
        assert surf.f_min is None and surf.minima.shape == (0, 2) and surf.local_minima.shape == (0, 2)
        ray = np.stack([np.zeros(4), 10.0 ** np.arange(1, 5)], -1) if name == "saddle" \
            else np.stack([-(10.0 ** np.arange(1, 5)), np.zeros(4)], -1)
        assert (np.diff(surf.f(ray)) < 0).all() and surf.f(ray)[-1] < -1e6
        assert np.allclose(surf.grad([[0.0, 0.0]]), 0.0)     # the saddle point itself


def test_ackley_tip_gradient_is_zero_subgradient():
    surf = surface("ackley")
    assert np.array_equal(surf.grad([[0.0, 0.0]]), [[0.0, 0.0]])
    # a cone: one-sided slope 20·0.2/√2 at the tip, in every direction
    for angle in np.linspace(0, 2 * np.pi, 7):
        d = np.array([math.cos(angle), math.sin(angle)])
        slope = (surf.f(1e-7 * d[None]) - surf.f_min)[0] / 1e-7
        assert slope == pytest.approx(4 / math.sqrt(2), rel=1e-4)


# ---- curvature facts -----------------------------------------------------------------------

@pytest.mark.parametrize("name,params", ALL)
def test_hessian_and_lipschitz(name, params):
    """Quadratics carry their exact constant Hessian; the others say None and their
    finite-difference Hessian indeed changes from point to point."""
    surf = surface(name, **params)
    pts = np.concatenate([_random_points(surf, 8, seed=1), surf.minima])
    H = _fd_hessian_of_f(surf, pts, h=1e-3)
    if surf.hessian is None:
        assert surf.lipschitz is None
        assert np.abs(H - H[:1]).max() > 1e-3
        return
    scale = np.abs(surf.hessian).max()
    np.testing.assert_allclose(H, np.broadcast_to(surf.hessian, H.shape), atol=1e-5 * max(scale, 1))
    np.testing.assert_allclose(_fd_jacobian_of_grad(surf, pts), np.broadcast_to(surf.hessian, H.shape),
                               atol=1e-6 * max(scale, 1))
    assert surf.lipschitz == pytest.approx(np.abs(np.linalg.eigvalsh(H[0])).max(), rel=1e-6)


def test_quadratics_are_the_ones_with_a_hessian():
    have = {n for n in BUILTIN if surface(n).hessian is not None}
    assert have == {"quadratic", "ravine", "saddle", "booth", "matyas"}
    assert surface("booth").lipschitz == pytest.approx(18.0)
    assert surface("saddle").lipschitz == pytest.approx(2.0)
    assert surface("quadratic", scale=3.5).lipschitz == pytest.approx(3.5)


@pytest.mark.parametrize("condition,angle", [(1, 0), (10, 0), (50, 30), (400, -60), (7.5, 135)])
def test_ravine_condition_number_and_direction(condition, angle):
    surf = surface("ravine", condition=condition, angle=angle)
    H = _fd_hessian_of_f(surf, [[0.3, -0.2]], h=1e-3)[0]
    w, v = np.linalg.eigh(H)
    assert w[1] / w[0] == pytest.approx(condition, rel=1e-6)
    assert surf.lipschitz == pytest.approx(condition, rel=1e-9)
    if condition > 1:   # the flat direction (smallest eigenvalue) is the rotated x axis
        t = math.radians(angle)
        assert abs(v[:, 0] @ [math.cos(t), math.sin(t)]) == pytest.approx(1.0, abs=1e-6)
    # the first suggested start lies far out along the valley floor
    start = surf.starts[0]
    assert np.linalg.norm(start) > 3.0


def test_cliff_gradient_explodes_on_the_wall():
    surf = surface("cliff")
    grid_norm = np.linalg.norm(surf.grad(_grid_points(surf, 400)), axis=1)
    (x0, x1), (y0, y1) = surf.domain
    xs = np.linspace(x0, x1, 200_001)
    wall_norm = max(np.linalg.norm(surf.grad(np.stack([xs, np.full_like(xs, y)], -1)), axis=1).max()
                    for y in (y0, 0.0, y1))
    assert wall_norm >= 100 * np.median(grid_norm)
    # the minimum sits at the foot of the wall: just a little to the right the slope is huge
    m = surf.minima[0]
    assert np.linalg.norm(surf.grad([m + [0.02, 0.0]])) > 50 * np.linalg.norm(surf.grad([m - [0.5, 0.0]]))


def test_plateau_is_mostly_flat():
    surf = surface("plateau")
    g = np.linalg.norm(surf.grad(_grid_points(surf, 300)), axis=1)
    assert np.mean(g < 0.05 * g.max()) > 0.5
    # f is increasing along every ray, so the centre is the only minimum
    r = np.linspace(0.0, 8.0, 2001)[:, None]
    for angle in (0.0, 1.0, 2.5):
        vals = surf.f(r * [math.cos(angle), math.sin(angle)])
        assert (np.diff(vals) > 0).all()


def test_saddle_start_is_near_the_ridge():
    surf = surface("saddle")
    x, y = surf.starts[0]
    assert abs(y) <= 1e-2 < abs(x)
    assert surf.hessian[0, 0] > 0 > surf.hessian[1, 1]


# ---- metadata ------------------------------------------------------------------------------

def test_names_and_order():
    required = {"quadratic", "ravine", "rosenbrock", "saddle", "monkey_saddle", "beale", "himmelblau",
                "booth", "rastrigin", "ackley", "six_hump_camel", "styblinski_tang", "plateau", "cliff",
                "custom"}
    assert required <= set(SURFACES)
    assert SURFACES[-1] == "custom" and len(set(SURFACES)) == len(SURFACES)


@pytest.mark.parametrize("name", SURFACES)
def test_metadata(name):
    surf = surface(name)
    assert isinstance(surf, Surface) and surf.name == name
    (x0, x1), (y0, y1) = surf.domain
    assert x0 < x1 and y0 < y1
    for text in (describe(surf, "en", "title"), describe(surf, "en"), surf.tex):
        assert isinstance(text, str) and text.strip()
    for text in (describe(surf, "ko", "title"), describe(surf, "ko")):
        assert re.search("[\uac00-\ud7a3]", text)          # Hangul
    assert surf.starts.ndim == 2 and surf.starts.shape[1] == 2 and len(surf.starts) >= 1
    assert _inside(surf, surf.starts).all()
    assert np.isfinite(surf.f(surf.starts)).all()
    # a start is never a stationary point: something must happen
    assert (np.linalg.norm(surf.grad(surf.starts), axis=1) > 1e-4).all()
    assert isinstance(surf.log_scale, bool)
    assert surf.tex.count("{") == surf.tex.count("}")


def test_log_scale_choices():
    assert surface("rosenbrock").log_scale and surface("beale").log_scale
    assert not surface("quadratic").log_scale and not surface("saddle").log_scale


def test_rosenbrock_start_and_params():
    surf = surface("rosenbrock")
    assert surf.params == {"a": 1.0, "b": 100.0}
    assert [-1.5, 2.0] in surf.starts.tolist() or [-1.2, 1.0] in surf.starts.tolist()
    s2 = surface("rosenbrock", a=-0.5, b=20)
    np.testing.assert_allclose(s2.minima, [[-0.5, 0.25]])
    x, y = 0.7, -0.3
    assert s2.f([[x, y]])[0] == pytest.approx((-0.5 - x) ** 2 + 20 * (y - x * x) ** 2, rel=1e-14)


def test_values_by_hand():
    """A few values computed from the textbook formulas."""
    p = np.array([[0.7, -1.3], [-2.1, 0.4]])
    x, y = p[:, 0], p[:, 1]
    cases = {
        "beale": (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2,
        "himmelblau": (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
        "booth": (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
        "rastrigin": 20 + x**2 - 10 * np.cos(2 * np.pi * x) + y**2 - 10 * np.cos(2 * np.pi * y),
        "ackley": -20 * np.exp(-0.2 * np.sqrt(0.5 * (x**2 + y**2)))
        - np.exp(0.5 * (np.cos(2 * np.pi * x) + np.cos(2 * np.pi * y))) + np.e + 20,
        "six_hump_camel": (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2,
        "three_hump_camel": 2 * x**2 - 1.05 * x**4 + x**6 / 6 + x * y + y**2,
        "styblinski_tang": 0.5 * (x**4 - 16 * x**2 + 5 * x + y**4 - 16 * y**2 + 5 * y),
        "matyas": 0.26 * (x**2 + y**2) - 0.48 * x * y,
        "saddle": x**2 - y**2,
        "monkey_saddle": x**3 - 3 * x * y**2,
        "rosenbrock": (1 - x) ** 2 + 100 * (y - x**2) ** 2,
        "quadratic": 0.5 * (x**2 + y**2),
    }
    for name, want in cases.items():
        np.testing.assert_allclose(surface(name).f(p), want, rtol=1e-13, atol=1e-13, err_msg=name)


# ---- grid, pickling, hashing, validation ---------------------------------------------------

def test_grid_layout_and_memo():
    surf = surface("himmelblau")
    xs, ys, Z = surf.grid(50)
    assert xs.shape == (50,) and ys.shape == (50,) and Z.shape == (50, 50)
    (x0, x1), (y0, y1) = surf.domain
    assert xs[0] == x0 and xs[-1] == x1 and ys[0] == y0 and ys[-1] == y1
    for i, j in [(0, 0), (3, 41), (49, 7), (25, 25)]:
        assert Z[i, j] == surf.f([[xs[j], ys[i]]])[0]
    assert surf.grid(50)[2] is Z                      # memoised
    assert not Z.flags.writeable
    assert surf.grid()[2].shape == (120, 120)
    with pytest.raises(ValueError):
        surf.grid(1)


@pytest.mark.parametrize("name,params", ALL + [("custom", dict(formula="x**2 + 3*sin(y)", domain=((-2, 4), (-3, 1))))])
def test_pickle_roundtrip(name, params):
    surf = surface(name, **params)
    data = pickle.dumps(surf)
    assert len(data) < 1000                           # name + params, no closures or arrays
    back = pickle.loads(data)
    assert back == surf and hash(back) == hash(surf)
    assert back.name == surf.name and back.params == surf.params
    pts = _random_points(surf, 16, seed=3)
    np.testing.assert_array_equal(back.f(pts), surf.f(pts))
    np.testing.assert_array_equal(back.grad(pts), surf.grad(pts))
    assert copy.deepcopy(surf) == surf


def test_dataclass_fields_are_just_name_and_params():
    """st.cache_data hashes a dataclass through dataclasses.asdict: keep that to name + params."""
    surf = surface("custom", formula="x*y", domain=((-1, 1), (-2, 2)))
    surf.grid(300)
    assert dataclasses.asdict(surf) == {"name": "custom",
                                        "params": {"formula": "x*y", "domain": ((-1.0, 1.0), (-2.0, 2.0))}}
    direct = Surface("Ravine", {"condition": 50})
    assert direct == surface("ravine", condition=50) and direct.params == {"condition": 50.0, "angle": 0.0}
    with pytest.raises(ValueError, match="condition"):
        Surface("ravine", {"condition": 0})
    with pytest.raises(dataclasses.FrozenInstanceError):
        surf.f_min = 0.0


def test_equality_and_params():
    a = surface("ravine", condition=50, angle=30)
    assert a.params == {"condition": 50.0, "angle": 30.0}
    assert a == surface("Ravine", angle=30.0, condition=50.0)
    assert a != surface("ravine", condition=51, angle=30) and a != surface("quadratic")
    assert surface("ravine").params == {"condition": 10.0, "angle": 0.0}
    assert surface("saddle").params == {}
    assert "ravine" in repr(a) and "condition=50.0" in repr(a)
    assert len({a, surface("ravine", condition=50, angle=30), surface("saddle")}) == 2


@pytest.mark.parametrize("args,kwargs,needle", [
    (("nope",), {}, "unknown surface"),
    (("ravine",), {"condition": 0.5}, "condition"),
    (("ravine",), {"condition": float("nan")}, "condition"),
    (("ravine",), {"condition": True}, "condition"),
    (("ravine",), {"condition": "50"}, "condition"),
    (("ravine",), {"angle": float("inf")}, "angle"),
    (("ravine",), {"kappa": 5}, "kappa"),
    (("saddle",), {"scale": 2}, "no parameters"),
    (("quadratic",), {"scale": 0}, "scale"),
    (("quadratic",), {"scale": -1}, "scale"),
    (("rosenbrock",), {"b": 0}, "b"),
    (("rosenbrock",), {"a": 5}, "a"),
    (("custom",), {"formula": "z + 1"}, "'z'"),
    (("custom",), {"formula": 3}, "string"),
    (("custom",), {"domain": ((1, 0), (0, 1))}, "x_min < x_max"),
    (("custom",), {"domain": ((0, 1), (2, 2))}, "y_min < y_max"),
    (("custom",), {"domain": ((0, float("inf")), (0, 1))}, "finite"),
    (("custom",), {"domain": ((0, 2e4), (0, 1))}, "1e4"),
    (("custom",), {"domain": (0, 1)}, "domain"),
])
def test_validation(args, kwargs, needle):
    with pytest.raises(ValueError, match=re.escape(needle)):
        surface(*args, **kwargs)


# ---- custom formulas -----------------------------------------------------------------------

def test_custom_surface():
    dom = ((-2.0, 4.0), (-3.0, 1.0))
    surf = surface("custom", formula="x**2 + 3*sin(y) - x*y/4", domain=dom)
    assert surf.params == {"formula": "x**2 + 3*sin(y) - x*y/4", "domain": dom}
    assert surf.domain == dom
    pts = _random_points(surf, 50, seed=5)
    x, y = pts[:, 0], pts[:, 1]
    np.testing.assert_allclose(surf.f(pts), x**2 + 3 * np.sin(y) - x * y / 4, rtol=1e-14)
    np.testing.assert_allclose(surf.grad(pts), np.stack([2 * x - y / 4, 3 * np.cos(y) - x / 4], -1), rtol=1e-13)
    t = torch.tensor(pts, requires_grad=True)
    surf.f(t).sum().backward()
    np.testing.assert_allclose(t.grad.numpy(), surf.grad(pts), rtol=1e-12)
    assert surf.minima.shape == (0, 2) and surf.f_min is None and surf.local_minima.shape == (0, 2)
    # lowest value on a 200×200 grid, for plotting
    X, Y = np.meshgrid(np.linspace(-2, 4, 200), np.linspace(-3, 1, 200))
    assert surf.grid_min == pytest.approx((X**2 + 3 * np.sin(Y) - X * Y / 4).min(), rel=1e-12)
    # one start, 70% of the way from the centre to the top-left corner
    np.testing.assert_allclose(surf.starts, [[1.0 + 0.7 * (-2.0 - 1.0), -1.0 + 0.7 * (1.0 + 1.0)]])
    assert r"\sin" in surf.tex


def test_custom_defaults_and_invalid_values():
    surf = surface("custom")
    assert set(surf.params) == {"formula", "domain"}
    assert np.isfinite(surf.f(surf.starts)).all()
    logs = surface("custom", formula="log(x) + 1/y", domain=((-1, 1), (-1, 1)))
    out = logs.f(np.array([[-0.5, 1.0], [0.0, 1.0], [0.5, 0.0]]))
    assert np.isnan(out[0]) and out[1] == -np.inf and out[2] == np.inf
    const = surface("custom", formula="2.5")
    np.testing.assert_array_equal(const.f(np.zeros((3, 2))), [2.5, 2.5, 2.5])
    np.testing.assert_array_equal(const.grad(np.zeros((3, 2))), np.zeros((3, 2)))
