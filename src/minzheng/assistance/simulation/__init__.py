"""Policy simulation (政策模拟测算, issue 15 item 4): "what if a setting were X from month
M", run with the policy engine over the registry snapshot's households. Pure Python
and DuckDB, no Django: the same code runs in the task queue and in `bench/`.
docs/dashboards.md "Policy simulation"."""

from minzheng.assistance.simulation.run import Scenario, SimulationResult, simulate

__all__ = ["Scenario", "SimulationResult", "simulate"]
