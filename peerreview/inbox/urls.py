from django.urls import path

from peerreview.inbox import views

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("<int:pk>/", views.notification_open, name="notification_open"),
    path("read/", views.notification_mark_read, name="notifications_mark_read"),
    path("e-mail/", views.notification_settings, name="notification_settings"),
]
