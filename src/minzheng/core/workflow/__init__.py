"""The workflow engine: case states and transitions declared as data.

`definitions` holds the declarations and the registry (no models imported);
`engine.transition()` is the one function that changes a case's state.
"""

from minzheng.core.workflow.definitions import (
    ActionNotPermitted,
    NoteRequired,
    Record,
    Refusal,
    Transition,
    Workflow,
    WorkflowError,
    get_workflow,
    register,
)

__all__ = [
    "ActionNotPermitted",
    "NoteRequired",
    "Record",
    "Refusal",
    "Transition",
    "Workflow",
    "WorkflowError",
    "get_workflow",
    "register",
]
