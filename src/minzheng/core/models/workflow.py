"""Persistent side of the workflow engine: the case base and the transition log.

The engine itself (`minzheng.core.workflow`) is the only code that changes a
case's `status`; `WorkflowCase.save()` refuses any other change of it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.workflow.definitions import WorkflowError, get_workflow


class WorkflowCase(models.Model):
    """Abstract base of every case type (dibao application, lead, licence ...).

    Subclasses set `workflow_name` to the key of their workflow definition.
    """

    workflow_name: str = ""
    _loaded_status: str = ""  # the state read from the database, to refuse direct changes

    status = models.CharField(_("状态"), max_length=32, db_index=True, editable=False)
    area = models.ForeignKey(
        "core.Area", verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+"
    )
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, editable=False)
    deadline = models.DateField(_("本环节办理时限"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status", "")
        return instance

    def save(self, *args: Any, **kwargs: Any) -> None:
        workflow = get_workflow(self.workflow_name)
        if self._state.adding:
            if not self.status:
                self.status = workflow.initial
            if self.status != workflow.initial:
                raise WorkflowError(
                    f"新案件的状态必须是初始状态“{workflow.label(workflow.initial)}”"
                )
        elif self.status != getattr(self, "_loaded_status", self.status):
            raise WorkflowError("案件状态只能通过工作流引擎变更")
        super().save(*args, **kwargs)
        self._loaded_status = self.status


class TransitionLog(models.Model):
    """One row per performed transition, written in the transition's transaction."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    case = GenericForeignKey("content_type", "object_id")
    workflow = models.CharField(_("流程"), max_length=64)
    action = models.CharField(_("动作"), max_length=64)
    from_state = models.CharField(_("原状态"), max_length=32)
    to_state = models.CharField(_("新状态"), max_length=32)
    actor = models.ForeignKey(
        "core.User", verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    actor_role = models.CharField(_("操作人角色"), max_length=24)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.TextField(_("意见/说明"), blank=True)
    deadline = models.DateField(_("新环节时限"), null=True, blank=True)

    class Meta:
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.workflow}:{self.object_id} {self.from_state}→{self.to_state}"
