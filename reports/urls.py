from django.urls import path

from reports.views import report

urlpatterns = [
    path("report/", report.report_page, name="report"),
    path("report/text/", report.report_text, name="report_text"),
    path("report/preview/", report.report_preview, name="report_preview"),
    path("report/draft.pdf", report.report_draft_pdf, name="report_draft_pdf"),
    path("report/draft.docx", report.report_draft_docx, name="report_draft_docx"),
    path("report/status/", report.report_status, name="report_status"),
    path("report/publish/", report.report_publish, name="report_publish"),
    path("report/check-finished/", report.report_check_finished, name="report_check_finished"),
    path("report/comments/<int:pk>/resolve/", report.comment_resolve, name="comment_resolve"),
    path("report/versions/<int:number>.pdf", report.report_version, name="report_version"),
    path("report/versions/<int:number>.docx", report.report_version_docx, name="report_version_docx"),
]
