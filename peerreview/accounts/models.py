import unicodedata
from typing import Any, TypeAlias

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.models import Device, ThrottlingMixin

from peerreview.accounts.recovery import code_hash


def organisation_key(name: str) -> str:
    """The one normalisation by which organisation names are compared: Unicode NFKC (so a
    no-break space or a full-width letter is the plain one), white space collapsed, case folded.
    "Glenmorven\u00a0 COUNCIL" and "glenmorven council" are one organisation."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


class Organisation(models.Model):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        GOVERNMENT = "government", "Government"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    # organisation_key(name), kept by save(): organisations are found and compared by it.
    key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="organisation_name_unique_ci")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.key = organisation_key(self.name)
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        self.key = organisation_key(self.name)
        super().clean_fields(exclude=exclude)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def with_email(self, email: str):
        """The account with this address, whatever its case; None if there is none."""
        return self.filter(email__iexact=normalise_email(email)).select_related("organisation").first()

    def get_by_natural_key(self, username):
        # E-mail addresses are matched without regard to case, so that "Joan@X" logs in as "joan@x".
        return self.get(email__iexact=username)

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user: User = self.model(email=normalise_email(email), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self._create(email, password, **fields)


def normalise_email(email: str) -> str:
    return email.strip().lower()


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", "As each one happens"
    DAILY = "daily", "In one e-mail a day"


class User(AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]  # django-otp devices
    """A person who logs in with their e-mail address.

    ``is_review_manager`` marks the Scottish Government staff who run the programme: they see
    every review. Everyone else sees only the reviews on which they hold a role.
    """

    email = models.EmailField("e-mail address", max_length=254, unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    is_review_manager = models.BooleanField(
        "review manager",
        default=False,
        help_text="Scottish Government staff who set up and run reviews; they see every review.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("administrator", default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Part of every session's check: raising it ends all of the user's sessions at their next request.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    email_notifications = models.CharField(
        "e-mail me notifications",
        max_length=16,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATELY,
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]
        # The people directory pages through everyone by name: the database reads a page from
        # here, and works out the workload of that page's people alone.
        indexes = [models.Index(fields=["full_name", "id"], name="user_by_name")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Stored lower-case so that the unique index also rules out "Joan@x" beside "joan@x".
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def _session_hash(self, secret=None) -> str:
        return salted_hmac(
            "peerreview.accounts.User.session",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_hash(self) -> str:
        # Django ends a session whose stored hash no longer matches: so a new password, or an
        # administrator ending the user's sessions, signs them out everywhere.
        return self._session_hash()

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class FormSubmission(models.Model):
    """One sending of one form, by its single-use token (see ``peerreview.submissions``)."""

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=500)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Where the first sending led once it succeeded; empty while it is being handled.
    location = models.CharField(max_length=1000, blank=True)

    def __str__(self) -> str:
        return f"{self.path} at {self.at:%Y-%m-%d %H:%M:%S}"


# Whoever a request is from: a signed-in account, or nobody yet.
AnyUser: TypeAlias = "User | AnonymousUser"


class SignedInRequest(HttpRequest):
    """The request a view behind ``login_required`` gets: its user is an account (for types)."""

    user: User


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A person's set of recovery codes (one set at a time; a new set replaces it)."""

    def verify_token(self, token: str) -> bool:
        """Uses the code ``token`` if it is one of this set's not yet used: once only."""
        unused = RecoveryCode.objects.filter(device=self, code_hash=code_hash(token), used_at__isnull=True)
        used = unused.update(used_at=timezone.now())
        return used == 1

    def get_throttle_factor(self) -> int:
        return settings.OTP_RECOVERY_THROTTLE_FACTOR

    def left(self) -> int:
        return self.codes.filter(used_at__isnull=True).count()


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "code_hash"], name="recovery_code_once")]

    def __str__(self) -> str:
        return f"Recovery code {self.pk}"


class IssuerDevice(Device):
    """Stands for an issuer's own multi-factor sign-in, where the settings let it count as the
    second step (``OIDC_MFA_COUNTS``): never verifies a code of its own."""

    def verify_token(self, token: str) -> bool:
        return False
