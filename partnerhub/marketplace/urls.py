from django.urls import path

from partnerhub.marketplace import views

app_name = "marketplace"
urlpatterns = [
    path("", views.index, name="index"),
    path("suggest-sdgs/", views.suggest_sdgs, name="suggest_sdgs"),
    path("needs/", views.need_list, name="need_list"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/status/", views.need_transition, name="need_transition"),
    path("needs/<int:pk>/interest/", views.need_interest, name="need_interest"),
    path("interests/<int:pk>/answer/", views.interest_answer, name="interest_answer"),
    path("interests/<int:pk>/withdraw/", views.interest_withdraw, name="interest_withdraw"),
    path("offers/", views.offer_list, name="offer_list"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/status/", views.offer_transition, name="offer_transition"),
    path("offers/<int:pk>/respond/", views.offer_respond, name="offer_respond"),
    path("inbox/", views.inbox_index, name="inbox_index"),
    path("inbox/<str:key>/", views.inbox, name="inbox"),
    path("routes/<int:pk>/", views.route_detail, name="route_detail"),
    path("routing/", views.routing_overview, name="routing_overview"),
    path("routing/offers/<int:pk>/assign/", views.offer_assign, name="offer_assign"),
    path("routing/profiles/<str:acronym>/", views.routing_profile, name="routing_profile"),
    path("saved-searches/", views.saved_searches, name="saved_searches"),
    path("saved-searches/new/", views.saved_search_create, name="saved_search_create"),
    path("saved-searches/<int:pk>/alerts/", views.saved_search_alerts, name="saved_search_alerts"),
    path("saved-searches/<int:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
]
