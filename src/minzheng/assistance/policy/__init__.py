"""The social-assistance policy engine (D1, D2, D3, D6): pure Python, no Django.

It runs in the calculator API, in case review and in batch, so it imports no
Django and reads no configuration by itself: the caller passes the parameters
in force for the household's county and date (`build_parameters`) and the
household's facts (`facts`), and gets decisions with reasons citing the
rulebook. `calculate` is the JSON contract of the calculator
(docs/assistance-policy.md).
"""

from minzheng.assistance.policy.calculator import calculate
from minzheng.assistance.policy.engine import Assessment, assess
from minzheng.assistance.policy.notification import one_time_notification
from minzheng.assistance.policy.outcome import Decision, Reason
from minzheng.assistance.policy.parameter_specs import PARAMETER_SPECS, example_values
from minzheng.assistance.policy.parameters import (
    ParameterError,
    PolicyParameters,
    build_parameters,
    example_parameters,
)
from minzheng.assistance.policy.review import PreviousDecision, ReviewResult, review

__all__ = [
    "PARAMETER_SPECS",
    "Assessment",
    "Decision",
    "ParameterError",
    "PolicyParameters",
    "PreviousDecision",
    "Reason",
    "ReviewResult",
    "assess",
    "build_parameters",
    "calculate",
    "example_parameters",
    "example_values",
    "one_time_notification",
    "review",
]
