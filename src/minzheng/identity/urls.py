from django.urls import path

from minzheng.identity import views

app_name = "identity"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("pairs/<int:pk>/decide/", views.pair_decide, name="pair_decide"),
    path("pairs/<int:pk>/merge/", views.pair_merge, name="pair_merge"),
    path("pairs/<int:pk>/undo/", views.pair_undo, name="pair_undo"),
]
