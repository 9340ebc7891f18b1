"""Places: the division tree province > city > county > township > community (D0.2, D0.3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.codes import AreaClass


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（市、区）")
    TOWNSHIP = "township", _("乡镇（街道）")
    COMMUNITY = "community", _("村（社区）")


# Significant digits of a GB/T 2260 / statistical division code at each level:
# 320000 -> "32", 320300 -> "3203", 320302 -> "320302", 320302001, 320302001001.
# Because codes nest, an area's subtree is exactly the codes starting with its prefix.
PREFIX_LENGTH = {
    AreaLevel.PROVINCE: 2,
    AreaLevel.CITY: 4,
    AreaLevel.COUNTY: 6,
    AreaLevel.TOWNSHIP: 9,
    AreaLevel.COMMUNITY: 12,
}
CODE_LENGTH = {
    AreaLevel.PROVINCE: 6,
    AreaLevel.CITY: 6,
    AreaLevel.COUNTY: 6,
    AreaLevel.TOWNSHIP: 9,
    AreaLevel.COMMUNITY: 12,
}
PARENT_LEVEL = {
    AreaLevel.CITY: AreaLevel.PROVINCE,
    AreaLevel.COUNTY: AreaLevel.CITY,
    AreaLevel.TOWNSHIP: AreaLevel.COUNTY,
    AreaLevel.COMMUNITY: AreaLevel.TOWNSHIP,
}


# Standards (dibao, 特困) differ by this class (D1.18); the codes are the one vocabulary's.
UrbanRural = AreaClass


class AreaQuerySet(models.QuerySet["Area"]):
    def within(self, area: Area) -> AreaQuerySet:
        """The area and everything beneath it."""
        return self.filter(code__startswith=area.prefix)


class Area(models.Model):
    """One node of the division tree. The primary key is the division code itself,

    so that any record's `area_id` carries its place in the tree and scoping is a
    prefix match on the record's own column, without joins.
    """

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=12, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    urban_rural = models.CharField(
        _("城乡分类"), max_length=8, choices=UrbanRural.choices, default=UrbanRural.URBAN
    )
    is_synthetic = models.BooleanField(
        _("合成数据"),
        default=False,
        help_text=_("演示用生成的区划（非官方代码）"),
    )
    source = models.CharField(_("来源"), max_length=200, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def prefix(self) -> str:
        return self.code[: PREFIX_LENGTH[AreaLevel(self.level)]]

    def contains(self, code: str) -> bool:
        """Whether the area with division code `code` lies in this area's subtree."""
        return code.startswith(self.prefix)

    def ancestors(self) -> list[Area]:
        """The areas above this one, from the top. One query, not one per level: codes
        nest (D0.2), so the parents' codes are this code's shorter forms, read
        together; a parent that does not nest so (hand-entered data) is still
        followed by its own query. Kept on the instance (a page that names a person's
        area twice asks once)."""
        cached = getattr(self, "_ancestors", None)
        if cached is not None and cached[0] == self.parent_id:
            return list(cached[1])
        known = {a.code: a for a in Area.objects.filter(code__in=self._nested_codes())}
        chain: list[Area] = []
        child, code = self, self.parent_id
        while code is not None:
            node = known.get(code) or Area.objects.get(code=code)
            child.parent = node  # the walk leaves each parent cached on its child
            chain.append(node)
            child, code = node, node.parent_id
        self._ancestors = (self.parent_id, tuple(reversed(chain)))
        return list(self._ancestors[1])

    def _nested_codes(self) -> list[str]:
        """The codes of the areas above this one if they nest as GB/T 2260 codes do:
        320302001001 → 320302001, 320302, 320300, 320000."""
        levels = (AreaLevel.TOWNSHIP, AreaLevel.COUNTY, AreaLevel.CITY, AreaLevel.PROVINCE)
        codes = {self.code[: PREFIX_LENGTH[lv]].ljust(CODE_LENGTH[lv], "0") for lv in levels}
        return sorted(codes - {self.code})

    @property
    def full_name(self) -> str:
        names = [a.name for a in self.ancestors() if a.level != AreaLevel.PROVINCE]
        return "".join([*names, self.name])
