from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "minzheng.portal"
    label = "portal"
    verbose_name = "公众服务门户"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minzheng.core.extensions import register_person_section
        from minzheng.core.navigation import NavDomain, NavItem, register_domain
        from minzheng.core.public import (
            PublicPage,
            register_notice_listener,
            register_public_page,
        )
        from minzheng.core.roles import Capability
        from minzheng.core.vocabulary import register_vocabulary
        from minzheng.portal.events import EVENT_CHOICES
        from minzheng.portal.optouts import opt_out_section
        from minzheng.portal.tasks import notice_listener

        register_notice_listener(notice_listener)
        register_person_section(opt_out_section)
        register_vocabulary("notice_event", dict(EVENT_CHOICES))
        register_domain(
            NavDomain(
                "公众服务",
                (
                    NavItem(
                        "通知发送记录", "portal_staff:notification_list", Capability.VIEW_PERSONAL
                    ),
                    NavItem(
                        "办事指南与通知模板", "portal_staff:content_list", Capability.MANAGE_CONFIG
                    ),
                ),
            )
        )
        for page in (
            PublicPage(
                "办事指南", "portal:guides", "救助项目和行政许可事项的申请条件、材料、地点和时限"
            ),
            PublicPage("保障标准", "portal:standards", "各县（市、区）现行低保标准及历年调整"),
            PublicPage(
                "保障对象公示",
                "portal:recipients",
                "按社区和月份公示的保障对象名单（已隐去部分信息）",
            ),
            PublicPage("办理进度查询", "portal:status", "凭受理编号和申请人身份证号码后四位查询"),
            PublicPage("我的消息", "portal:messages", "凭受理编号和身份证号码后四位查看办理通知"),
            PublicPage("政策计算器", "portal:calculator", "填写家庭情况，测算可能符合的救助项目"),
            PublicPage("服务热线", "portal:hotlines", "儿童救助保护热线和殡葬服务热线"),
        ):
            register_public_page(page)
