from django.urls import path

from partnerhub.newsletter import views
from partnerhub.newsletter.feeds import IssueFeed

app_name = "newsletter"
urlpatterns = [
    path("", views.archive, name="archive"),
    path("feed.atom", IssueFeed(), name="feed"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/sent/", views.subscribe_sent, name="subscribe_sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("manage/", views.manage_index, name="manage"),
    path("manage/assemble/", views.manage_assemble, name="manage_assemble"),
    path("manage/subscribers/", views.manage_subscribers, name="manage_subscribers"),
    path(
        "manage/subscribers/<int:pk>/delete/",
        views.manage_subscriber_delete,
        name="manage_subscriber_delete",
    ),
    path("manage/<int:pk>/", views.manage_issue, name="manage_issue"),
    path("manage/<int:pk>/text/", views.manage_issue_text, name="manage_issue_text"),
    path(
        "manage/<int:pk>/translations/<str:language>/",
        views.manage_issue_translation,
        name="manage_issue_translation",
    ),
    path("manage/<int:pk>/items/", views.manage_item, name="manage_item"),
    path("manage/<int:pk>/items/add/", views.manage_item_add, name="manage_item_add"),
    path("manage/<int:pk>/preview/", views.manage_preview, name="manage_preview"),
    path("manage/<int:pk>/test/", views.manage_test_send, name="manage_test_send"),
    path("manage/<int:pk>/send/", views.manage_send, name="manage_send"),
    path("manage/<int:pk>/retry/", views.manage_retry, name="manage_retry"),
    path("manage/<int:pk>/progress/", views.manage_progress, name="manage_progress"),
    path("<slug:slug>/", views.issue_detail, name="issue"),
]
