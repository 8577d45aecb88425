from django.urls import path

from throughcare.feedback import views

app_name = "feedback"

urlpatterns = [
    path("my-plan/feedback/<uuid:referral_id>/", views.give, name="give"),
    path("insight/what-people-say/", views.summary, name="summary"),
    path("insight/what-people-say/for-councils/", views.council, name="council"),
    path("feedback/words-to-check/", views.moderation_queue, name="moderation"),
    path("feedback/words-to-check/<uuid:feedback_id>/", views.moderate, name="moderate"),
]
