from django.urls import path

from partnerhub.accounts import views

app_name = "accounts"
urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("roles/", views.memberships, name="memberships"),
    path("roles/<int:pk>/revoke/", views.membership_revoke, name="membership_revoke"),
]
