from django.urls import path

from throughcare.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.find_support, name="find-support"),
    path("question/<slug:step>/", views.question, name="question"),
    path("check-answers/", views.check_answers, name="check-answers"),
    path("results/", views.results, name="results"),
]
