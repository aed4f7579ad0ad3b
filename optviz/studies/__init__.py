"""Studies built on the engine and the networks: maps over thousands of runs (stability, basins, fair tuning,
which optimizer), the learning-rate range test, the learning-rate lab, inside an optimizer's state, and the
note's claims checked against runs. Import the modules themselves (`from optviz.studies import maps`)."""
