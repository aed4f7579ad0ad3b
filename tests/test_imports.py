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
