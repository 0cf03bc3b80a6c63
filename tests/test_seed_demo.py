import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.models import HubQuestion, PoolProfile, Review, Role
from peerreview.accounts.models import User
from tests.two_factor import sign_in_with_password


def test_it_refuses_to_run_outside_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DJANGO_DEBUG=true"):
        call_command("seed_demo")
    assert not Review.objects.exists()


def test_it_loads_reviews_at_both_ends_and_an_account_per_role(db, settings, capsys, client):
    settings.DEBUG = True
    settings.TWO_FACTOR_REQUIRED = False  # as `make run` has it (see the Makefile)
    call_command("seed_demo")
    out = capsys.readouterr().out
    password = out.split("Password for every demo account: ")[1].split()[0]
    assert set(Review.objects.values_list("stage", flat=True)) == {"follow_up", "self_assessment"}
    assert Review.objects.get(reference="ardlarich-2027").previous.reference == "ardlarich-2025"
    roles = {
        "manager@demo.example.org": Role.REVIEW_MANAGER,
        "lead.peer@demo.example.org": Role.LEAD_PEER,
        "peer@demo.example.org": Role.PEER,
        "spoc@ardlarich.example.org": Role.SPOC,
        "deputy.spoc@ardlarich.example.org": Role.DEPUTY_SPOC,
        "senior.officer@ardlarich.example.org": Role.SENIOR_OFFICER,
    }
    for email, role in roles.items():
        assert email in out
        user = User.objects.get(email=email)
        assert user.review_roles.filter(role=role).exists()
        assert sign_in_with_password(client, email, password)
        assert client.get("/").status_code == 200
    assert User.objects.get(email="manager@demo.example.org").is_review_manager


@pytest.mark.parametrize(
    ("email", "first_page"),
    [("manager@demo.example.org", "/accounts/two-factor/set-up/"), ("spoc@ardlarich.example.org", None)],
)
def test_outside_the_demonstration_the_team_must_set_up_an_app(
    db, settings, capsys, client, email, first_page
):
    settings.DEBUG = True
    call_command("seed_demo")
    password = capsys.readouterr().out.split("Password for every demo account: ")[1].split()[0]
    assert sign_in_with_password(client, email, password)
    response = client.get("/")
    assert (response.status_code, response.get("Location", "").split("?")[0] or None) == (
        (302, first_page) if first_page else (200, None)
    )


def test_it_is_idempotent_and_keeps_passwords(db, settings, capsys, client):
    settings.DEBUG = True
    call_command("seed_demo")
    password = capsys.readouterr().out.split("Password for every demo account: ")[1].split()[0]
    call_command("seed_demo")
    second = capsys.readouterr().out
    assert "already loaded" in second
    assert "Password for every demo account" not in second
    assert Review.objects.count() == 2
    assert sign_in_with_password(client, "spoc@ardlarich.example.org", password)


def test_make_run_serves_and_links_to_the_port_asked_for(db, settings, capsys):
    """`make run PORT=8123` puts that address in every e-mail link and in what it prints
    (issue 14, item 2)."""
    import subprocess

    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert "SITE_URL=http://127.0.0.1:8123" in dry.stdout
    assert "runserver 127.0.0.1:8123" in dry.stdout
    assert "Serving http://127.0.0.1:8123/" in dry.stdout
    settings.DEBUG, settings.SITE_URL = True, "http://127.0.0.1:8123"
    call_command("seed_demo")
    assert "sign in at http://127.0.0.1:8123/accounts/login/" in capsys.readouterr().out


def test_the_demo_team_is_in_the_pool_and_the_hub(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # and once only
    profiles = PoolProfile.objects.order_by("user__email")
    assert [p.user.email for p in profiles] == ["lead.peer@demo.example.org", "peer@demo.example.org"]
    assert sorted(a.number for a in profiles[1].aspects.all()) == [5, 6, 7, 8]
    assert sorted(a.key for a in profiles[1].areas.all()) == ["capabilities", "information_sharing"]
    assert (profiles[0].reviews_consent, profiles[0].mentoring_consent) == (True, True)
    (question,) = HubQuestion.objects.all()  # the hub has one question, answered, once
    assert question.author.email == "spoc@ardlarich.example.org"
    assert question.answers.get().author.email == "lead.peer@demo.example.org"
