"""A person's own API tokens: listed, made (shown once) and revoked, in the browser."""

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import FormView

from api.forms import TokenForm
from api.models import ApiToken
from api.tokens import api_token_create, api_token_revoke
from peerreview.accounts.models import User


class TokensView(LoginRequiredMixin, FormView):
    template_name = "api/tokens.html"
    form_class = TokenForm
    extra_context = {"page_title": "API tokens"}

    def get_context_data(self, **kwargs):
        tokens = ApiToken.objects.filter(user=cast(User, self.request.user))
        return super().get_context_data(tokens=tokens, **kwargs)

    def form_valid(self, form):
        row, token = api_token_create(user=cast(User, self.request.user), **form.cleaned_data)
        context = {"row": row, "token": token, "site_url": settings.SITE_URL}
        return render(self.request, "api/token_made.html", context)


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        # Only the person's own tokens are found: anyone else's is 404.
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        api_token_revoke(token=token)
        messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
        return redirect("api:tokens")
