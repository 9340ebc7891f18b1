"""Population figures per community and day, precomputed for the dashboards.

Counting a 9 M city's residents by area on every dashboard view costs seconds (the
city-scale issue measured 355 ms at 1 M); leaders read figures "as of" a day, so the
nightly job (and the first view of a day with none) writes one row per community,
and a dashboard sums at most a few thousand rows for its subtree.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaFigures(models.Model):
    area = models.ForeignKey(
        "core.Area", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="+"
    )
    as_of = models.DateField(_("统计日期"))
    residents = models.PositiveIntegerField(_("在册人口"))
    disabled = models.PositiveIntegerField(_("持证残疾人"))
    computed_at = models.DateTimeField(_("统计时间"))

    class Meta:
        verbose_name = _("区划人口统计")
        verbose_name_plural = _("区划人口统计")
        constraints = [
            models.UniqueConstraint(fields=["as_of", "area"], name="one_figure_per_area_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.area_id}@{self.as_of}"


class AreaMonthFigure(models.Model):
    """One monthly figure of one dashboard series for one area, at every level.

    Domains declare their series (`core.extensions.register_dashboard_series`); the
    nightly job asks each for its values per community and month in one grouped query
    and adds them up the division tree, so that a dashboard of any area reads the rows
    of the area and its children only (a city: 12 areas × series × months), never the
    rows behind them (docs/dashboards.md).
    """

    area = models.ForeignKey(
        "core.Area", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("月份"))  # the first day of the month
    series = models.CharField(_("统计项"), max_length=48)
    category = models.CharField(_("分类"), max_length=32, blank=True)  # "" = all
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=2)
    computed_at = models.DateTimeField(_("统计时间"))

    class Meta:
        verbose_name = _("区划月度统计")
        verbose_name_plural = _("区划月度统计")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "series", "category", "month"],
                name="one_month_figure_per_area_series_category",
            )
        ]
        indexes = [models.Index(fields=["month"], name="month_figure_month")]

    def __str__(self) -> str:
        return f"{self.series}/{self.category}@{self.area_id}:{self.month:%Y-%m}"


class AreaPanelFigure(models.Model):
    """One number of a domain's dashboard panel (a card) for one area, at every level,
    as of the last refresh: open cases, this year's decisions, the numerator and the
    denominator of a rate. Domains declare their panels
    (`core.extensions.register_dashboard_panel`); the nightly job asks each for its
    numbers per area in a few grouped queries, adds them up the division tree and
    replaces every row, so that a dashboard reads the rows of one area
    (docs/dashboards.md)."""

    area = models.ForeignKey(
        "core.Area", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(_("统计项"), max_length=64)
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=2)
    as_of = models.DateField(_("统计日期"))
    computed_at = models.DateTimeField(_("统计时间"))

    class Meta:
        verbose_name = _("区划业务统计")
        verbose_name_plural = _("区划业务统计")
        constraints = [
            models.UniqueConstraint(fields=["area", "key"], name="one_panel_figure_per_area_key")
        ]

    def __str__(self) -> str:
        return f"{self.key}@{self.area_id}"
