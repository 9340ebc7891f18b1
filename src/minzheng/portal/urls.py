from django.urls import path

from minzheng.portal import views_public

app_name = "portal"

urlpatterns = [
    path("", views_public.home, name="home"),
    path("guides/", views_public.guides, name="guides"),
    path("guides/<str:key>/", views_public.guide, name="guide"),
    path("standards/", views_public.standards_page, name="standards"),
    path("recipients/", views_public.recipients, name="recipients"),
    path("status/", views_public.status, name="status"),
    path("messages/", views_public.messages, name="messages"),
    path("hotlines/", views_public.hotlines, name="hotlines"),
    path("calculator/", views_public.calculator, name="calculator"),
]
