from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET


@require_GET
def health(request):
    """For a load balancer's health check: the service is up and answering, nothing more. It
    touches no data, which also makes it the bare Django view the load benchmark compares with."""
    return HttpResponse("OK", content_type="text/plain")


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """Django's 500 view, with the request's id on the page for the person to quote: the log
    line with that id names the view and the exception. Only the id: nothing that could fail."""
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render({"request_id": getattr(request, "request_id", "")}))
