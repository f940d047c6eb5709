from django.urls import path

from widget import views

urlpatterns = [
    path("", views.share, name="widget_share"),
    path("similar/", views.similar, name="widget_similar"),
    path("mine/", views.mine, name="widget_mine"),
    path("news/", views.news, name="widget_news"),
    path("ideas/<int:pk>/vote/", views.vote, name="widget_vote"),
    path("session/", views.session, name="widget_session"),
    path("sign-in/", views.sign_in, name="widget_sign_in"),
    path("sign-out/", views.sign_out, name="widget_sign_out"),
]
