"""Panopticon from Python: simulations of social compliance systems.

Synthetic agents only: Panopticon never takes in records of real people.

    import panopticon
    sim = panopticon.Simulation("scenarios/epstein-2002/run2.toml", seed=1)
    sim.run()
    sim.results()["active"].plot()

See docs/python.md for worked examples.
"""

from ._panopticon import (  # noqa: F401  (the public names)
    AGENT_STATES,
    CELL_CODES,
    CheckpointError,
    InputFileError,
    OutputError,
    PanopticonError,
    ScenarioError,
    Simulation,
    Snapshot,
    StoreError,
    __version__,
    compare,
    sensitivity,
    sweep,
    world,
)

__all__ = [
    "AGENT_STATES",
    "CELL_CODES",
    "CheckpointError",
    "InputFileError",
    "OutputError",
    "PanopticonError",
    "ScenarioError",
    "Simulation",
    "Snapshot",
    "StoreError",
    "compare",
    "sensitivity",
    "sweep",
    "world",
]
