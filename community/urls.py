from django.urls import path

from community.notifications import views as notifications

urlpatterns = [
    path("", notifications.notification_list, name="notifications"),
    path("<int:pk>/open/", notifications.open_notification, name="open_notification"),
    path("settings/", notifications.notification_settings, name="notification_settings"),
    path("unsubscribe/<str:token>/", notifications.unsubscribe_link, name="unsubscribe"),
]
