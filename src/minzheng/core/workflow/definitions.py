"""Declarations of workflows: states, transitions, records, roles, guards, deadlines.

A workflow is data: each `Transition` names the action, the states it may start
from, the target state, the roles allowed to perform it, an optional guard, and
the time the target step allows, in working days (D11). Each `Record` names an
action that adds to a case without changing its state (a means-test report, a
home visit, an objection), the states it may be taken in and the roles allowed:
every "who may do what on a case" is declared here, in one table per workflow.
Domains register their workflows at import time of their `workflows` module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


class WorkflowError(Exception):
    """A refused transition; the message is shown to the user (Chinese), on the form
    field named by `field` when the refusal is about one input (else on the form)."""

    field: str | None = None

    def __init__(self, message: str = "", *, field: str | None = None) -> None:
        super().__init__(message)
        if field is not None:
            self.field = field


class Refusal(str):
    """A guard's reason that is about one input (e.g. an amount above its cap): the
    refusal is shown next to that field."""

    field: str | None

    def __new__(cls, text: str, field: str | None = None) -> Refusal:
        refusal = super().__new__(cls, text)
        refusal.field = field
        return refusal


class NoteRequired(WorkflowError):
    """Refused because the transition needs a note or reason: shown on the note field."""

    field = "note"


class ActionNotPermitted(WorkflowError):
    """Refused because the actor's role is not one the declaration names."""


# A guard receives the case, the actor and the keyword arguments of the
# transition plus "today" (the transition's date); it returns None to allow,
# or a reason (Chinese) to refuse.
Guard = Callable[[Any, Any, Mapping[str, Any]], str | None]


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    guard: Guard | None = None
    deadline_working_days: int | str | None = None  # days, or a config key naming them
    requires_note: bool = False


@dataclass(frozen=True)
class Record:
    action: str
    label: str
    states: frozenset[str]
    roles: frozenset[str]


@dataclass(frozen=True)
class Workflow:
    name: str
    initial: str
    states: Mapping[str, str]  # state -> Chinese label
    transitions: tuple[Transition, ...]
    final_states: frozenset[str] = field(default_factory=frozenset)
    records: tuple[Record, ...] = ()

    def __post_init__(self) -> None:
        if self.initial not in self.states:
            raise ValueError(f"{self.name}: initial state {self.initial!r} is not declared")
        seen: set[str] = set()
        for t in self.transitions:
            unknown = (t.sources | {t.target}) - set(self.states)
            if unknown:
                raise ValueError(f"{self.name}.{t.action}: undeclared states {sorted(unknown)}")
            if t.action in seen:
                raise ValueError(f"{self.name}: action {t.action!r} declared twice")
            seen.add(t.action)
        for r in self.records:
            if unknown := r.states - set(self.states):
                raise ValueError(f"{self.name}.{r.action}: undeclared states {sorted(unknown)}")
            if r.action in seen:
                raise ValueError(f"{self.name}: action {r.action!r} declared twice")
            seen.add(r.action)

    def label(self, state: str) -> str:
        return self.states.get(state, state)

    def criterion(self, state: str) -> str:
        """A state filter in an auditor's words (the audit trail quotes criteria):
        the state's label, 全部 for `all`, nothing for no filter, else as typed."""
        return {"": "", "all": "全部"}.get(state) or self.label(state)

    def find(self, action: str) -> Transition:
        for t in self.transitions:
            if t.action == action:
                return t
        raise WorkflowError(f"流程“{self.name}”没有动作“{action}”")

    def find_record(self, action: str) -> Record:
        for r in self.records:
            if r.action == action:
                return r
        raise WorkflowError(f"流程“{self.name}”没有登记事项“{action}”")

    def available(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def available_records(self, state: str) -> list[Record]:
        return [r for r in self.records if state in r.states]


_REGISTRY: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    existing = _REGISTRY.get(workflow.name)
    if existing is not None and existing != workflow:
        raise ValueError(f"workflow {workflow.name!r} registered twice with different content")
    _REGISTRY[workflow.name] = workflow
    return workflow


def get_workflow(name: str) -> Workflow:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise WorkflowError(f"未注册的流程：{name}") from None


def registered() -> dict[str, Workflow]:
    return dict(_REGISTRY)
