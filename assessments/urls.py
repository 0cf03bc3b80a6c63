from django.urls import include, path

from assessments.views import enquiry, evidence, interviews, people, reviews, schedule, self_assessment

review_patterns = [
    path("", reviews.review_detail, name="review_detail"),
    path("edit/", reviews.review_edit, name="review_edit"),
    path("stage/advance/", reviews.stage_advance, name="stage_advance"),
    path("stage/return/", reviews.stage_return, name="stage_return"),
    path("people/", people.review_people, name="review_people"),
    path("people/<int:pk>/remove/", people.person_remove, name="person_remove"),
    path("self-assessment/", self_assessment.self_assessment, name="self_assessment"),
    path("self-assessment/aspects/<int:number>/", self_assessment.aspect_answer, name="aspect_answer"),
    path("self-assessment/check/", self_assessment.self_assessment_check, name="self_assessment_check"),
    path("self-assessment/reopen/", self_assessment.self_assessment_reopen, name="self_assessment_reopen"),
    path("evidence/", evidence.evidence_list, name="evidence_list"),
    path("evidence/<int:pk>/", evidence.evidence_detail, name="evidence_detail"),
    path("evidence/<int:pk>/remove/", evidence.evidence_remove, name="evidence_remove"),
    path("evidence/<int:pk>/versions/<int:number>/", evidence.evidence_download, name="evidence_download"),
    path("evidence-review/", enquiry.evidence_review, name="evidence_review"),
    path("lines-of-enquiry/", enquiry.lines_of_enquiry, name="lines_of_enquiry"),
    path("lines-of-enquiry/<int:pk>/", enquiry.line_of_enquiry_edit, name="line_of_enquiry_edit"),
    path("lines-of-enquiry/<int:pk>/delete/", enquiry.line_of_enquiry_delete, name="line_of_enquiry_delete"),
    path("interviews/", schedule.timetable, name="timetable"),
    path("interviews/timetable.pdf", schedule.timetable_pdf, name="timetable_pdf"),
    path("interviews/new/", schedule.interview_edit, name="interview_create"),
    path("interviews/<int:pk>/", interviews.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/edit/", schedule.interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/cancel/", schedule.interview_cancel, name="interview_cancel"),
    path("interviews/people/<int:pk>/", schedule.person_schedule, name="person_schedule"),
    path("stakeholders/", schedule.stakeholders, name="stakeholders"),
    path("presentation/", interviews.presentation, name="presentation"),
    path("presentation/handout.pdf", interviews.presentation_handout, name="presentation_handout"),
]

urlpatterns = [
    path("", reviews.dashboard, name="dashboard"),
    path("reviews/new/", reviews.review_create, name="review_create"),
    path("reviews/<slug:reference>/", include(review_patterns)),
    path("reviews/<slug:reference>/", include("reports.urls")),
]
