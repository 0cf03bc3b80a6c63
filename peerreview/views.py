from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def health(request):
    """For a load balancer's health check: the service is up and answering, nothing more. It
    touches no data, which also makes it the bare Django view the load benchmark compares with."""
    return HttpResponse("OK", content_type="text/plain")
