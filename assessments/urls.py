from django.urls import path

from assessments import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reviews/<slug:reference>/", views.review_detail, name="review_detail"),
    path("reviews/<slug:reference>/stage/advance/", views.stage_advance, name="stage_advance"),
    path("reviews/<slug:reference>/stage/return/", views.stage_return, name="stage_return"),
]
